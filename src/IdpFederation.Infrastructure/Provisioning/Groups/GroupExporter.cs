using IdpFederation.Core.Configuration;
using IdpFederation.Core.Directory;
using IdpFederation.Core.Provisioning;
using IdpFederation.Infrastructure.Provisioning.Graph;
using Microsoft.Graph.Models;

namespace IdpFederation.Infrastructure.Provisioning.Groups;

/// <summary>
/// Exports roles (GroupExport.Roles) as Microsoft 365 security groups with the same members. A group is matched by
/// display name, or by name, type (security, not mail-enabled) and mail nickname; one is created when none matches.
/// Groups we create carry a description naming the role, which is how a same-name duplicate is known to be ours and
/// may be removed (RemoveDuplicates); groups made by anyone else are never deleted.
/// </summary>
public sealed class GroupExporter(GraphTenantClient graph, IUserDirectory directory, IProvisionedUserLedger ledger)
{
    public const string DescriptionPrefix = "Managed by IdpFederation: role ";

    public async Task<IReadOnlyList<RunItem>> ExportAsync(bool dryRun, CancellationToken cancellationToken = default)
    {
        var tenant = graph.Tenant;
        var items = new List<RunItem>();
        if (tenant.GroupExport.Roles.Count == 0)
        {
            return items;
        }

        var cloudIds = (await ledger.ListAsync(tenant.Name, cancellationToken).ConfigureAwait(false))
            .ToDictionary(p => p.UserPrincipalName, p => p.CloudId, StringComparer.OrdinalIgnoreCase);
        var roles = await directory.ListRolesAsync(cancellationToken).ConfigureAwait(false);
        var reader = new GraphGroupReader(graph);
        foreach (var roleName in tenant.GroupExport.Roles)
        {
            try
            {
                await ExportRoleAsync(roleName, roles, cloudIds, reader, items, dryRun, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (GraphFailures.IsGraphFailure(ex) && !cancellationToken.IsCancellationRequested)
            {
                // One group's failure is reported and the others still sync.
                var (code, message) = ex is Microsoft.Graph.Models.ODataErrors.ODataError { Error: { } error } ? (error.Code, error.Message) : (GraphErrors.Unavailable, GraphFailures.Describe(ex));
                items.Add(new RunItem(roleName, "", "group-export", "failed", null, code, message));
            }
        }

        return items;
    }

    private async Task ExportRoleAsync(string roleName, IReadOnlyList<RoleInfo> roles, Dictionary<string, string> cloudIds, GraphGroupReader reader,
        List<RunItem> items, bool dryRun, CancellationToken cancellationToken)
    {
        var tenant = graph.Tenant;
        {
            var members = roles.FirstOrDefault(r => string.Equals(r.Name, roleName, StringComparison.OrdinalIgnoreCase))?.Members ?? [];
            // Only users that exist in Microsoft 365 (in the ledger) can be members; others wait for their own sync.
            var wanted = members.Select(m => cloudIds.GetValueOrDefault(m)).OfType<string>().ToHashSet(StringComparer.Ordinal);
            var candidates = await reader.ListSecurityGroupsAsync(roleName, cancellationToken).ConfigureAwait(false);
            var nickname = MailNickname(roleName);
            var matching = candidates.Where(g => string.Equals(g.DisplayName, roleName, StringComparison.Ordinal) && Matches(g, nickname, tenant.GroupExport.MatchBy))
                .OrderByDescending(g => g.Description?.StartsWith(DescriptionPrefix, StringComparison.Ordinal) == true).ToList();
            var group = matching.FirstOrDefault();
            if (group is null)
            {
                items.Add(Item(roleName, "group-create", dryRun, $"{wanted.Count} members"));
                if (dryRun)
                {
                    return;
                }

                group = await CreateAsync(roleName, nickname, cancellationToken).ConfigureAwait(false);
            }

            var current = group.Id.Length == 0 ? [] : await reader.ListMemberIdsAsync(group.Id, cancellationToken).ConfigureAwait(false);
            foreach (var add in wanted.Except(current, StringComparer.Ordinal))
            {
                items.Add(Item(roleName, "group-add-member", dryRun, add));
                if (!dryRun)
                {
                    await graph.Writes.AcquireAsync(1, cancellationToken).ConfigureAwait(false);
                    await graph.Client.Groups[group.Id].Members.Ref.PostAsync(
                        new ReferenceCreate { OdataId = $"{graph.Tenant.GraphBaseUrl.TrimEnd('/')}/directoryObjects/{add}" }, cancellationToken: cancellationToken).ConfigureAwait(false);
                }
            }

            foreach (var remove in current.Except(wanted, StringComparer.Ordinal))
            {
                items.Add(Item(roleName, "group-remove-member", dryRun, remove));
                if (!dryRun)
                {
                    await graph.Writes.AcquireAsync(1, cancellationToken).ConfigureAwait(false);
                    await graph.Client.Groups[group.Id].Members[remove].Ref.DeleteAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
                }
            }

            if (tenant.GroupExport.RemoveDuplicates)
            {
                foreach (var duplicate in candidates.Where(g => g.Id != group.Id && g.Description == DescriptionPrefix + roleName))
                {
                    items.Add(Item(roleName, "group-delete-duplicate", dryRun, duplicate.Id));
                    if (!dryRun)
                    {
                        await graph.Writes.AcquireAsync(1, cancellationToken).ConfigureAwait(false);
                        await graph.Client.Groups[duplicate.Id].DeleteAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
                    }
                }
            }
        }
    }

    private async Task<CloudGroup> CreateAsync(string roleName, string nickname, CancellationToken cancellationToken)
    {
        await graph.Writes.AcquireAsync(1, cancellationToken).ConfigureAwait(false);
        var created = await graph.Client.Groups.PostAsync(new Group
        {
            DisplayName = roleName,
            MailEnabled = false,
            MailNickname = nickname,
            SecurityEnabled = true,
            Description = DescriptionPrefix + roleName,
        }, cancellationToken: cancellationToken).ConfigureAwait(false);
        return new CloudGroup(created?.Id ?? "", roleName, null, nickname, false, DescriptionPrefix + roleName);
    }

    private static bool Matches(CloudGroup group, string nickname, GroupMatch matchBy) => matchBy == GroupMatch.Name ||
        (!group.MailEnabled && string.Equals(group.MailNickname, nickname, StringComparison.OrdinalIgnoreCase));

    /// <summary>Graph's mailNickname allows ASCII letters, digits and a few marks, no spaces (group resource type).</summary>
    internal static string MailNickname(string roleName)
    {
        var kept = new string(roleName.Where(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.').ToArray());
        return kept.Length == 0 ? "idpfed-role" : kept.Length > 64 ? kept[..64] : kept;
    }

    private static RunItem Item(string role, string action, bool dryRun, string? detail) =>
        new(role, "", action, dryRun ? "planned" : "done", detail, null, null);
}

using Microsoft.Graph.Models;

namespace IdpFederation.Infrastructure.Provisioning.Graph;

/// <summary>Security groups and their user members, for import (groups as roles) and group export.</summary>
public sealed class GraphGroupReader(GraphTenantClient graph)
{
    private static readonly string[] GroupProperties = ["id", "displayName", "mail", "mailNickname", "mailEnabled", "securityEnabled", "description"];

    /// <summary>Security groups; with a name, only those of that display name (several can share one).</summary>
    public async Task<IReadOnlyList<CloudGroup>> ListSecurityGroupsAsync(string? displayName = null, CancellationToken cancellationToken = default)
    {
        var filter = displayName is null ? "securityEnabled eq true" : $"displayName eq '{displayName.Replace("'", "''", StringComparison.Ordinal)}'";
        var groups = new List<CloudGroup>();
        var page = await graph.Client.Groups.GetAsync(request =>
        {
            request.QueryParameters.Filter = filter;
            request.QueryParameters.Select = GroupProperties;
        }, cancellationToken).ConfigureAwait(false);
        while (page is not null)
        {
            groups.AddRange((page.Value ?? []).Where(g => g.SecurityEnabled == true).Select(ToCloudGroup));
            page = page.OdataNextLink is null ? null
                : await graph.Client.Groups.WithUrl(page.OdataNextLink).GetAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        return groups;
    }

    /// <summary>The object ids of the group's direct members.</summary>
    public async Task<IReadOnlyList<string>> ListMemberIdsAsync(string groupId, CancellationToken cancellationToken = default)
    {
        var ids = new List<string>();
        var page = await graph.Client.Groups[groupId].Members.GetAsync(request => request.QueryParameters.Select = ["id"], cancellationToken).ConfigureAwait(false);
        while (page is not null)
        {
            ids.AddRange((page.Value ?? []).Select(m => m.Id).OfType<string>());
            page = page.OdataNextLink is null ? null
                : await graph.Client.Groups[groupId].Members.WithUrl(page.OdataNextLink).GetAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        return ids;
    }

    private static CloudGroup ToCloudGroup(Group group) => new(group.Id ?? "", group.DisplayName ?? "", group.Mail, group.MailNickname,
        group.MailEnabled == true, group.Description);
}

public sealed record CloudGroup(string Id, string DisplayName, string? Mail, string? MailNickname, bool MailEnabled, string? Description);

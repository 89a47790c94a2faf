using IdpFederation.Core.Provisioning;
using Microsoft.Graph.Models;

namespace IdpFederation.Infrastructure.Provisioning.Graph;

/// <summary>
/// The reads a sync needs, each with $select so Graph returns (and charges for) only what the planner compares;
/// onPremisesImmutableId comes back only when selected (Graph v1.0 user resource).
/// </summary>
public sealed class GraphTenantReader(GraphTenantClient graph)
{
    internal static readonly string[] UserProperties =
    [
        "id", "userPrincipalName", "onPremisesImmutableId", "displayName", "mail", "usageLocation", "accountEnabled",
        "onPremisesSyncEnabled", "assignedLicenses",
    ];

    /// <summary>
    /// Every user, through a delta query started from nothing, which pages exactly like a list; the deltaLink it ends
    /// with is returned so the next read can ask only for what changed since (Graph "Use delta query").
    /// </summary>
    public async Task<(IReadOnlyList<CloudUser> Users, string? DeltaLink)> ListUsersAsync(CancellationToken cancellationToken = default)
    {
        var users = new List<CloudUser>();
        var page = await graph.Client.Users.Delta.GetAsDeltaGetResponseAsync(
            request => request.QueryParameters.Select = UserProperties, cancellationToken).ConfigureAwait(false);
        while (page is not null)
        {
            users.AddRange((page.Value ?? []).Where(u => u.AdditionalData?.ContainsKey("@removed") != true).Select(ToCloudUser));
            if (page.OdataNextLink is null)
            {
                return (users, page.OdataDeltaLink);
            }

            page = await graph.Client.Users.Delta.WithUrl(page.OdataNextLink).GetAsDeltaGetResponseAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        return (users, null);
    }

    /// <summary>
    /// What changed since <paramref name="deltaLink"/> (the link the last round ended with): the ids of users changed or
    /// removed, and the link for the next round (Graph "Use delta query": follow nextLink until a deltaLink).
    /// </summary>
    public async Task<(IReadOnlyList<string> ChangedIds, string? DeltaLink)> ListChangesAsync(string deltaLink, CancellationToken cancellationToken = default)
    {
        var ids = new List<string>();
        var page = await graph.Client.Users.Delta.WithUrl(deltaLink).GetAsDeltaGetResponseAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        while (page is not null)
        {
            ids.AddRange((page.Value ?? []).Select(u => u.Id).OfType<string>());
            if (page.OdataNextLink is null)
            {
                return (ids, page.OdataDeltaLink);
            }

            page = await graph.Client.Users.Delta.WithUrl(page.OdataNextLink).GetAsDeltaGetResponseAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        return (ids, null);
    }

    /// <summary>The users that could be this directory user: the one with its ImmutableID, and the one with its UPN.</summary>
    public async Task<IReadOnlyList<CloudUser>> FindUsersAsync(string immutableId, string userPrincipalName, CancellationToken cancellationToken = default)
    {
        var found = new List<CloudUser>();
        foreach (var filter in new[] { $"onPremisesImmutableId eq '{Quote(immutableId)}'", $"userPrincipalName eq '{Quote(userPrincipalName)}'" })
        {
            var page = await graph.Client.Users.GetAsync(request =>
            {
                request.QueryParameters.Filter = filter;
                request.QueryParameters.Select = UserProperties;
            }, cancellationToken).ConfigureAwait(false);
            found.AddRange((page?.Value ?? []).Select(ToCloudUser).Where(u => found.All(f => f.Id != u.Id)));
        }

        return found;
    }

    public async Task<IReadOnlyList<CloudSku>> ListSkusAsync(CancellationToken cancellationToken = default)
    {
        var page = await graph.Client.SubscribedSkus.GetAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        return (page?.Value ?? [])
            .Where(s => s.SkuId is not null)
            .Select(s => new CloudSku(s.SkuId!.Value, s.SkuPartNumber ?? "", s.PrepaidUnits?.Enabled ?? 0, s.ConsumedUnits ?? 0))
            .ToArray();
    }

    /// <summary>The tenant's domains: name, verified, and whether sign-ins are federated (authenticationType "Federated").</summary>
    public async Task<IReadOnlyList<TenantDomain>> ListDomainsAsync(CancellationToken cancellationToken = default)
    {
        var page = await graph.Client.Domains.GetAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        return (page?.Value ?? [])
            .Select(d => new TenantDomain(d.Id ?? "", d.IsVerified == true, string.Equals(d.AuthenticationType, "Federated", StringComparison.OrdinalIgnoreCase), d.IsInitial == true))
            .ToArray();
    }

    /// <summary>The names of the tenant's federated domains (case-insensitive), which the planner needs for ImmutableID rules.</summary>
    public async Task<IReadOnlySet<string>> ListFederatedDomainsAsync(CancellationToken cancellationToken = default) =>
        (await ListDomainsAsync(cancellationToken).ConfigureAwait(false)).Where(d => d.IsFederated).Select(d => d.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);

    /// <summary>organization.onPremisesSyncEnabled: true while Entra Connect (DirSync) masters users (entra-federation.md §6.6).</summary>
    public async Task<bool?> DirectorySyncEnabledAsync(CancellationToken cancellationToken = default)
    {
        var page = await graph.Client.Organization.GetAsync(request => request.QueryParameters.Select = ["id", "onPremisesSyncEnabled"], cancellationToken).ConfigureAwait(false);
        return page?.Value?.FirstOrDefault()?.OnPremisesSyncEnabled;
    }

    internal static CloudUser ToCloudUser(User user) => new()
    {
        Id = user.Id ?? "",
        UserPrincipalName = user.UserPrincipalName ?? "",
        OnPremisesImmutableId = user.OnPremisesImmutableId,
        DisplayName = user.DisplayName,
        Mail = user.Mail,
        UsageLocation = user.UsageLocation,
        AccountEnabled = user.AccountEnabled,
        OnPremisesSyncEnabled = user.OnPremisesSyncEnabled,
        AssignedSkuIds = (user.AssignedLicenses ?? []).Where(l => l.SkuId is not null).Select(l => l.SkuId!.Value).ToArray(),
    };

    /// <summary>OData string literals double a single quote (OData 4.01 ABNF, SQUOTE-in-string).</summary>
    private static string Quote(string value) => value.Replace("'", "''", StringComparison.Ordinal);
}

public sealed record TenantDomain(string Name, bool IsVerified, bool IsFederated, bool IsInitial);

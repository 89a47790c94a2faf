using System.Text.Json;
using IdpFederation.Core.Federation;
using IdpFederation.Infrastructure.Provisioning.Graph;
using Microsoft.Graph.Models;
using Microsoft.Kiota.Abstractions;

namespace IdpFederation.Infrastructure.Federation;

/// <summary>
/// The Graph calls that manage federation for one tenant (entra-federation.md §5, §6.6): domains, each domain's
/// internalDomainFederation, directory synchronisation and the tenant settings that make users do MFA twice. Writes
/// reserve a slot with the tenant's write limiter first, as provisioning's do: both count against one quota.
/// </summary>
public sealed class GraphFederationClient(GraphTenantClient graph)
{
    public GraphTenantClient Graph => graph;

    public async Task<IReadOnlyList<EntraDomain>> ListDomainsAsync(CancellationToken cancellationToken)
    {
        var page = await graph.Client.Domains.GetAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        return (page?.Value ?? []).Where(d => d.Id is not null).Select(d => new EntraDomain(
            d.Id!, d.AuthenticationType ?? "Managed", d.IsVerified == true, d.IsDefault == true, d.IsInitial == true, d.IsRoot != false)).ToArray();
    }

    /// <summary>The domain's federation configuration; Graph's list "returns only one object" (§5.3), or none.</summary>
    public async Task<EntraFederation?> GetFederationAsync(string domain, CancellationToken cancellationToken)
    {
        var page = await graph.Client.Domains[domain].FederationConfiguration.GetAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        return page?.Value?.FirstOrDefault() is { Id: { } id } federation ? new EntraFederation(id, FederationSettingsMapping.FromGraph(federation)) : null;
    }

    public async Task<EntraFederation> CreateFederationAsync(string domain, DomainFederationSettings settings, CancellationToken cancellationToken)
    {
        await graph.Writes.AcquireAsync(1, cancellationToken).ConfigureAwait(false);
        var created = await graph.Client.Domains[domain].FederationConfiguration
            .PostAsync(FederationSettingsMapping.ToGraph(settings), cancellationToken: cancellationToken).ConfigureAwait(false);
        return new EntraFederation(created?.Id ?? "", created is null ? settings : FederationSettingsMapping.FromGraph(created));
    }

    /// <summary>Sends only the properties that differ, so nothing Entra added (its update status) is touched.</summary>
    public async Task UpdateFederationAsync(string domain, string id, InternalDomainFederation changes, CancellationToken cancellationToken)
    {
        await graph.Writes.AcquireAsync(1, cancellationToken).ConfigureAwait(false);
        await graph.Client.Domains[domain].FederationConfiguration[id].PatchAsync(changes, cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Makes the domain Managed: `Update-MgDomain -AuthenticationType Managed` (§5.1, §5.5), which also drops its
    /// federation configuration. Users then need cloud passwords.
    /// </summary>
    public async Task MakeManagedAsync(string domain, CancellationToken cancellationToken)
    {
        await graph.Writes.AcquireAsync(1, cancellationToken).ConfigureAwait(false);
        await graph.Client.Domains[domain].PatchAsync(new Domain { AuthenticationType = "Managed" }, cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    public async Task<EntraOrganization> GetOrganizationAsync(CancellationToken cancellationToken)
    {
        var page = await graph.Client.Organization.GetAsync(request => request.QueryParameters.Select = ["id", "displayName", "onPremisesSyncEnabled", "onPremisesLastSyncDateTime"], cancellationToken).ConfigureAwait(false);
        var organization = page?.Value?.FirstOrDefault() ?? throw new InvalidOperationException("Graph returned no organization for this tenant.");
        return new EntraOrganization(organization.Id ?? "", organization.DisplayName, organization.OnPremisesSyncEnabled, organization.OnPremisesLastSyncDateTime);
    }

    /// <summary>organization.onPremisesSyncEnabled = false (§6.6): takes up to 72 hours and cannot be cancelled.</summary>
    public async Task DisableDirectorySyncAsync(string organizationId, CancellationToken cancellationToken)
    {
        await graph.Writes.AcquireAsync(1, cancellationToken).ConfigureAwait(false);
        await graph.Client.Organization[organizationId].PatchAsync(new Organization { OnPremisesSyncEnabled = false }, cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Global Administrator is this role template everywhere (Entra built-in roles reference).</summary>
    public const string GlobalAdministratorTemplateId = "62e90394-69f5-4237-9190-012177145e10";

    /// <summary>The UPNs of the Global Administrators, or null when the app may not read roles (403).</summary>
    public async Task<IReadOnlyList<string>?> GlobalAdministratorsAsync(CancellationToken cancellationToken)
    {
        try
        {
            var roles = await graph.Client.DirectoryRoles.GetAsync(
                request => request.QueryParameters.Filter = $"roleTemplateId eq '{GlobalAdministratorTemplateId}'", cancellationToken).ConfigureAwait(false);
            var upns = new List<string>();
            foreach (var role in (roles?.Value ?? []).Where(r => r.Id is not null))
            {
                var members = await graph.Client.DirectoryRoles[role.Id].Members.GetAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
                upns.AddRange((members?.Value ?? []).OfType<User>().Select(u => u.UserPrincipalName).OfType<string>());
            }

            return upns;
        }
        catch (Microsoft.Graph.Models.ODataErrors.ODataError error) when (error.ResponseStatusCode is 400 or 403 or 404)
        {
            // 403: the app was not granted RoleManagement.Read.Directory; 400/404: the endpoint is not served (a test or
            // sovereign endpoint without directoryRoles). Either way the check says it could not tell.
            return null;
        }
    }

    public async Task<bool?> SecurityDefaultsEnabledAsync(CancellationToken cancellationToken)
    {
        var policy = await graph.Client.Policies.IdentitySecurityDefaultsEnforcementPolicy.GetAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        return policy?.IsEnabled;
    }

    /// <summary>Users on the domain registered for self-service password reset (authentication methods report).</summary>
    public async Task<IReadOnlyList<string>> SsprRegisteredUsersAsync(string domain, CancellationToken cancellationToken)
    {
        var found = new List<string>();
        var page = await graph.Client.Reports.AuthenticationMethods.UserRegistrationDetails.GetAsync(
            request => request.QueryParameters.Filter = "isSsprRegistered eq true", cancellationToken).ConfigureAwait(false);
        while (page is not null)
        {
            found.AddRange((page.Value ?? []).Select(u => u.UserPrincipalName ?? "").Where(upn => upn.EndsWith("@" + domain, StringComparison.OrdinalIgnoreCase)));
            page = page.OdataNextLink is { } next
                ? await graph.Client.Reports.AuthenticationMethods.UserRegistrationDetails.WithUrl(next).GetAsync(cancellationToken: cancellationToken).ConfigureAwait(false)
                : null;
        }

        return found;
    }

    /// <summary>
    /// The user's legacy per-user MFA state ("disabled", "enabled" or "enforced"). Graph serves it only on beta
    /// (GET /users/{id}/authentication/requirements), which the v1.0 SDK has no builder for, so the request is built
    /// here and sent through the SDK's adapter, with its authentication, retry and throttling handlers.
    /// </summary>
    public async Task<string?> PerUserMfaStateAsync(string userId, CancellationToken cancellationToken)
    {
        var request = new RequestInformation
        {
            HttpMethod = Method.GET,
            URI = new Uri($"{BetaRoot(graph.Tenant.GraphBaseUrl)}/users/{Uri.EscapeDataString(userId)}/authentication/requirements"),
        };
        request.Headers.Add("Accept", "application/json");
        var stream = await graph.Client.RequestAdapter.SendPrimitiveAsync<Stream>(request, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (stream is null)
        {
            return null;
        }

        await using (stream.ConfigureAwait(false))
        {
            using var document = await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken).ConfigureAwait(false);
            return document.RootElement.TryGetProperty("perUserMfaState", out var state) ? state.GetString() : null;
        }
    }

    /// <summary>"https://graph.microsoft.com/v1.0" becomes "https://graph.microsoft.com/beta", for any cloud.</summary>
    internal static string BetaRoot(string graphBaseUrl)
    {
        var root = graphBaseUrl.TrimEnd('/');
        return root.EndsWith("/v1.0", StringComparison.OrdinalIgnoreCase) ? root[..^"/v1.0".Length] + "/beta" : root + "/beta";
    }
}

/// <summary>A tenant domain as Graph reports it (§5.1).</summary>
public sealed record EntraDomain(string Name, string AuthenticationType, bool IsVerified, bool IsDefault, bool IsInitial, bool IsRoot)
{
    public bool IsFederated => string.Equals(AuthenticationType, "Federated", StringComparison.OrdinalIgnoreCase);
}

/// <summary>A domain's internalDomainFederation: its ID and values.</summary>
public sealed record EntraFederation(string Id, DomainFederationSettings Settings);

public sealed record EntraOrganization(string Id, string? DisplayName, bool? OnPremisesSyncEnabled, DateTimeOffset? LastSync);

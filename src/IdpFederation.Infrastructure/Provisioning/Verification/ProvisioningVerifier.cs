using IdpFederation.Core.Configuration;
using IdpFederation.Infrastructure.Provisioning.Graph;

namespace IdpFederation.Infrastructure.Provisioning.Verification;

/// <summary>
/// `provision verify`: whether one tenant is ready for provisioning, check by check, each with how to fix it. It only
/// reads: a token, then GET /domains, /organization and /subscribedSkus, through the same client a sync uses.
/// </summary>
public sealed class ProvisioningVerifier(GraphClients clients, TimeProvider time)
{
    public async Task<TenantVerification> VerifyAsync(ProvisioningTenantOptions tenant, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        var checks = new List<CheckResult>();
        var (credentials, token) = await CredentialCheck.RunAsync(clients, tenant, time, cancellationToken).ConfigureAwait(false);
        checks.Add(credentials);
        if (token is null)
        {
            // Without a token Graph answers nothing; say so rather than report a wall of 401s.
            checks.Add(CheckResult.NotReady("other checks", "not run: they need a token; fix the credentials first."));
            return new TenantVerification(tenant.Name, checks);
        }

        var claims = AccessTokenClaims.Read(token);
        token = null;
        checks.AddRange(claims is null
            ? [CheckResult.NotReady("permissions", "the access token is not a JWT, so its roles claim cannot be read; is GraphBaseUrl a Microsoft Graph endpoint?")]
            : PermissionCheck.Run(tenant, claims));

        using var graph = clients.Create(tenant, GraphPriority.Normal);
        var reader = new GraphTenantReader(graph);
        checks.AddRange(await TenantStateChecks.DomainsAsync(reader, tenant, cancellationToken).ConfigureAwait(false));
        checks.Add(await TenantStateChecks.DirectorySyncAsync(reader, tenant, cancellationToken).ConfigureAwait(false));
        checks.AddRange(await TenantStateChecks.LicencesAsync(reader, tenant, cancellationToken).ConfigureAwait(false));
        return new TenantVerification(tenant.Name, checks);
    }
}

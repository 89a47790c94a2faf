using IdpFederation.Infrastructure.Provisioning.Verification;

namespace IdpFederation.Infrastructure.Federation;

/// <summary>The domain's own blockers (entra-federation.md §5.4): verified, not default, not initial, not a subdomain.</summary>
internal static class DomainChecks
{
    public static IEnumerable<CheckResult> Of(EntraDomain domain, IReadOnlyList<EntraDomain> all)
    {
        yield return domain.IsVerified
            ? CheckResult.Ready("verified", "Verified.")
            : CheckResult.NotReady("verified", $"Not verified: add the TXT record the Microsoft 365 admin center shows for {domain.Name} and verify it. Only verified domains can be federated.");

        var initial = all.FirstOrDefault(d => d.IsInitial)?.Name ?? "the onmicrosoft.com domain";
        if (domain.IsInitial)
        {
            yield return CheckResult.NotReady("not initial", $"{domain.Name} is the tenant's initial domain, which Microsoft does not allow to be federated.");
        }
        else
        {
            yield return CheckResult.Ready("not initial", "Not the initial onmicrosoft.com domain.");
        }

        yield return domain.IsDefault
            ? CheckResult.NotReady("not default", $"{domain.Name} is the tenant's default domain, which cannot be federated. Make {initial} the default first (Microsoft 365 admin center > Settings > Domains > Set as default).")
            : CheckResult.Ready("not default", "Not the default domain.");

        if (!domain.IsRoot)
        {
            var parent = all.Where(d => domain.Name.EndsWith("." + d.Name, StringComparison.OrdinalIgnoreCase)).MaxBy(d => d.Name.Length)?.Name ?? "its parent";
            yield return CheckResult.NotReady("root domain", $"{domain.Name} is a subdomain and follows {parent}: federate {parent} instead.");
        }
    }
}

using IdpFederation.Core.Configuration;

namespace IdpFederation.Infrastructure.Provisioning.Verification;

/// <summary>
/// Compares the application permissions in the token's <c>roles</c> claim (granted with admin consent) with what each
/// configured feature needs (<see cref="GraphPermissionCatalog"/>), one line per feature; and looks for the federation
/// directory role in the <c>wids</c> claim.
/// </summary>
internal static class PermissionCheck
{
    public static IEnumerable<CheckResult> Run(ProvisioningTenantOptions tenant, AccessTokenClaims claims)
    {
        foreach (var feature in GraphPermissionCatalog.For(tenant).GroupBy(r => r.Feature))
        {
            var name = "permissions: " + feature.Key;
            var missing = feature.Where(r => !r.IsMetBy(claims.Roles)).ToList();
            if (missing.Count == 0)
            {
                var granted = feature.Select(r => r.SatisfiedBy.First(claims.Roles.Contains)).Distinct();
                yield return CheckResult.Ready(name, $"granted {string.Join(", ", granted)}: {string.Join("; ", feature.Select(r => r.Why))}.");
                continue;
            }

            var detail = $"missing {string.Join(", ", missing.Select(r => r.Permission))}, needed to {string.Join("; ", missing.Select(r => r.Why))}. " +
                $"Fix: add the Microsoft Graph application permission{(missing.Count > 1 ? "s" : "")} {string.Join(" and ", missing.Select(r => r.Permission))} " +
                "and grant admin consent (the script from idpfed provision app-script does both).";
            yield return missing.All(r => r.Optional)
                ? CheckResult.Warning(name, "not needed yet; " + detail)
                : CheckResult.NotReady(name, detail);
        }

        yield return DirectoryRole(claims);
    }

    /// <summary>
    /// Application permissions do not cover everything: Graph lets only privileged administrator roles change sensitive
    /// properties (onPremisesImmutableId among them) of users who themselves hold admin roles ("Who can perform
    /// sensitive actions", Graph users overview), and federating a domain is done by the federation roles. wids lists the
    /// app's directory roles as template IDs, so a missing role can only be a warning: the claim may be left out.
    /// </summary>
    private static CheckResult DirectoryRole(AccessTokenClaims claims)
    {
        const string name = "directory role";
        if (claims.DirectoryRoleTemplateIds.Contains(GraphPermissionCatalog.FederationRoleTemplateId))
        {
            return CheckResult.Ready(name, $"the app holds {GraphPermissionCatalog.FederationRoleName} (token wids claim).");
        }

        return CheckResult.Warning(name,
            $"the token does not show {GraphPermissionCatalog.FederationRoleName} (wids claim). Domain federation (issue 13) needs it, and without a " +
            "privileged role Graph refuses to change onPremisesImmutableId on users who hold admin roles (keep admins out of provisioning roles). " +
            $"Fix: assign it with the script from idpfed provision app-script, or Entra admin center → Roles and administrators → {GraphPermissionCatalog.FederationRoleName} → Add assignments → this app.");
    }
}

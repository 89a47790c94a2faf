using IdpFederation.Core.Provisioning;
using IdpFederation.Infrastructure.Provisioning.Verification;

namespace IdpFederation.Infrastructure.Federation;

/// <summary>Checks on users: who could not sign in once the domain is federated, and who could still sign in if we fail.</summary>
internal static class UserChecks
{
    private const int Shown = 10;

    /// <summary>
    /// Once the domain is federated Entra finds the user by the ImmutableID in our token (§6): a provisioning-role
    /// member missing from Microsoft 365, or there under another ImmutableID, could not sign in.
    /// </summary>
    public static CheckResult ImmutableIds(string domain, IReadOnlyList<SourceUser> members, IReadOnlyList<CloudUser> cloud)
    {
        const string check = "users have ImmutableIDs";
        var byId = cloud.Where(c => c.OnPremisesImmutableId is not null).ToLookup(c => c.OnPremisesImmutableId!, StringComparer.Ordinal);
        var byUpn = cloud.ToLookup(c => c.UserPrincipalName, StringComparer.OrdinalIgnoreCase);
        var problems = new List<string>();
        foreach (var member in members)
        {
            if (byId[member.ImmutableId].Any())
            {
                continue;
            }

            var same = byUpn[member.UserPrincipalName].FirstOrDefault();
            problems.Add(same is null ? $"{member.UserPrincipalName} (not in Microsoft 365)"
                : same.OnPremisesImmutableId is null ? $"{member.UserPrincipalName} (no ImmutableID)" : $"{member.UserPrincipalName} (another ImmutableID)");
        }

        return problems.Count == 0
            ? CheckResult.Ready(check, $"All {members.Count} provisioning-role members on {domain} exist in Microsoft 365 with their ImmutableID.")
            : CheckResult.NotReady(check, $"{problems.Count} of {members.Count} provisioning-role members on {domain} could not sign in: {List(problems)}. Run `idpfed provision run` (with OverwriteSameUpn for existing cloud users).");
    }

    /// <summary>
    /// A Global Administrator on a domain that is not federated (the onmicrosoft.com one) keeps the tenant reachable if
    /// federation breaks (§5.4). <paramref name="administrators"/> is null when the role could not be read.
    /// </summary>
    public static CheckResult CloudAdministrator(IReadOnlyList<string>? administrators, IReadOnlyList<EntraDomain> domains, string domain)
    {
        const string check = "cloud admin account";
        if (administrators is null)
        {
            return CheckResult.Warning(check, "Could not read the Global Administrator role (grant RoleManagement.Read.Directory): make sure an administrator on the onmicrosoft.com domain exists before federating.");
        }

        var federated = domains.Where(d => d.IsFederated || string.Equals(d.Name, domain, StringComparison.OrdinalIgnoreCase)).Select(d => d.Name).ToList();
        var safe = administrators.FirstOrDefault(upn => !federated.Any(f => OnDomain(upn, f) || upn.EndsWith("." + f, StringComparison.OrdinalIgnoreCase)));
        return safe is not null
            ? CheckResult.Ready(check, $"{safe} is a Global Administrator on a non-federated domain: nobody is locked out if federation fails.")
            : CheckResult.NotReady(check, "No Global Administrator on a non-federated domain: create one on the onmicrosoft.com domain first, so a federation fault cannot lock everyone out.");
    }

    public static bool OnDomain(string userPrincipalName, string domain) =>
        userPrincipalName.EndsWith("@" + domain, StringComparison.OrdinalIgnoreCase);

    public static string List(IReadOnlyCollection<string> items) =>
        string.Join(", ", items.Take(Shown)) + (items.Count > Shown ? $" and {items.Count - Shown} more" : "");
}

namespace IdpFederation.Core.Provisioning.Planning;

/// <summary>The identity rules Graph applies to a user's UPN and onPremisesImmutableId (entra-federation.md §6.1).</summary>
internal static class CloudIdentity
{
    // Graph: "allowed characters A-Z a-z 0-9 ' . - _ ! # ^ ~" in the UPN's user name (user resource, userPrincipalName).
    private const string UpnPunctuation = "'.-_!#^~";

    public static string DomainOf(string upn) => upn.LastIndexOf('@') is var at and >= 0 ? upn[(at + 1)..] : "";

    public static string LocalPartOf(string upn) => upn.LastIndexOf('@') is var at and >= 0 ? upn[..at] : upn;

    /// <summary>Why Graph would refuse this UPN, or null when it is acceptable.</summary>
    public static string? UpnProblem(string upn)
    {
        var at = upn.IndexOf('@', StringComparison.Ordinal);
        if (upn.Length == 0 || at <= 0 || at != upn.LastIndexOf('@') || at == upn.Length - 1)
        {
            return $"userPrincipalName '{upn}' is not of the form name@domain";
        }

        var bad = upn[..at].FirstOrDefault(c => !char.IsAsciiLetterOrDigit(c) && !UpnPunctuation.Contains(c, StringComparison.Ordinal));
        return bad == default ? null : $"userPrincipalName '{upn}' contains '{bad}', which Graph refuses (allowed: A-Z a-z 0-9 {UpnPunctuation})";
    }

    /// <summary>
    /// Why Graph would refuse this ImmutableID, or null. '$' and '_' are refused by Graph for a federated domain
    /// (user resource, onPremisesImmutableId); '@' is reported to be refused as well, so it is never sent.
    /// </summary>
    public static string? ImmutableIdProblem(string immutableId)
    {
        if (immutableId.Length == 0)
        {
            return "the onPremisesImmutableId mapping yields an empty value; Graph requires one for a federated domain";
        }

        var bad = immutableId.FirstOrDefault(c => c is '$' or '_' or '@');
        return bad == default ? null : $"onPremisesImmutableId '{immutableId}' contains '{bad}', which Entra refuses ('$', '_' and '@' are not allowed); change the onPremisesImmutableId mapping";
    }

    /// <summary>Whether a domain is federated, directly or as a subdomain of a federated domain (spec §1.8).</summary>
    public static bool IsFederated(string domain, IReadOnlySet<string> federatedDomains)
    {
        for (var candidate = domain; candidate.Length > 0;)
        {
            if (federatedDomains.Contains(candidate) || federatedDomains.Any(d => d.Equals(candidate, StringComparison.OrdinalIgnoreCase)))
            {
                return true;
            }

            var dot = candidate.IndexOf('.', StringComparison.Ordinal);
            candidate = dot < 0 ? "" : candidate[(dot + 1)..];
        }

        return false;
    }
}

using IdpFederation.Core.Federation;

namespace IdpFederation.Infrastructure.Federation;

/// <summary>What `federation script` writes a script for.</summary>
public sealed record FederationScriptRequest
{
    /// <summary>The domains, each with the internalDomainFederation we want Entra to hold for it.</summary>
    public required IReadOnlyList<FederationScriptDomain> Domains { get; init; }

    /// <summary>The Entra tenant the domains belong to (Idp:Provisioning:Tenants), when configured: Connect-MgGraph -TenantId.</summary>
    public string? TenantId { get; init; }

    /// <summary>The tenant's Graph base URL, from which a national cloud's Connect-MgGraph -Environment is derived.</summary>
    public string? GraphBaseUrl { get; init; }

    /// <summary>True when the command was run with --revert: the prompt then offers Revert as its default.</summary>
    public bool RevertByDefault { get; init; }

    /// <summary>Configured subdomains left out because they follow their parent's federation (spec §1.8), for the header.</summary>
    public IReadOnlyList<FollowingSubdomain> FollowingSubdomains { get; init; } = [];

    public required DateTimeOffset GeneratedAt { get; init; }
}

public sealed record FederationScriptDomain(string Name, DomainFederationSettings Settings);

public sealed record FollowingSubdomain(string Name, string Parent);

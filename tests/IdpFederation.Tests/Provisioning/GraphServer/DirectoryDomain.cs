using System.Text.Json.Nodes;

namespace IdpFederation.Tests.Provisioning.GraphServer;

/// <summary>
/// A domain of the test tenant (Graph v1.0 "domain resource type", entra-federation.md §5.1) with its federation
/// configuration, if any. authenticationType is not stored: a root domain is Federated exactly when it has a
/// configuration, and a subdomain (isRoot false) follows its root (§1.8: subdomains inherit the parent's federation).
/// Only <see cref="GraphDirectory"/> changes it, under its lock.
/// </summary>
internal sealed class DirectoryDomain
{
    public DirectoryDomain(string name, bool isVerified, bool isInitial)
    {
        Name = name;
        IsVerified = isVerified;
        IsInitial = isInitial;
    }

    public string Name { get; }

    public bool IsVerified { get; }

    public bool IsInitial { get; }

    /// <summary>The topmost other domain of the tenant this one is a subdomain of, or null for a root domain.</summary>
    public DirectoryDomain? Root { get; set; }

    /// <summary>
    /// Graph: "true if the domain is a verified root domain. Otherwise, false if the domain is a subdomain or unverified."
    /// </summary>
    public bool IsRoot => Root is null && IsVerified;

    public string? FederationId { get; set; }

    /// <summary>The stored internalDomainFederation properties (no id, no @odata.type), or null when managed.</summary>
    public JsonObject? Federation { get; set; }

    /// <summary>When the signing certificates were last set, for signingCertificateUpdateStatus.lastRunDateTime.</summary>
    public DateTimeOffset? CertificatesUpdatedAt { get; set; }

    public bool Federated => Root?.Federated ?? Federation is not null;

    public string AuthenticationType => Federated ? "Federated" : "Managed";
}

using System.Security.Cryptography.X509Certificates;

namespace IdpFederation.Tests.Provisioning.GraphServer;

/// <summary>
/// One Microsoft 365 tenant as the Graph test server presents it: domains, organization, licences, registered apps,
/// and the write ceiling. The defaults are Graph's documented ones (3,000 writes per 2 min 30 s per app and tenant).
/// </summary>
public sealed class GraphTestServerOptions
{
    public Guid TenantId { get; set; } = Guid.NewGuid();

    /// <summary>The initial domain every tenant has; always managed and verified.</summary>
    public string InitialDomain { get; set; } = "contoso.onmicrosoft.com";

    /// <summary>
    /// Custom domains besides <see cref="InitialDomain"/> (verified unless said otherwise). A domain listed as federated
    /// starts with another IdP's federation configuration (GraphTestFederation.Seeded); a subdomain of a listed domain
    /// (sub.contoso.com under contoso.com) has isRoot false and follows its root's authentication type.
    /// </summary>
    public List<GraphTestDomain> Domains { get; set; } = [new("contoso.com", Federated: true), new("fabrikam.com", Federated: false)];

    /// <summary>The domain with isDefault true (default for new users); null means <see cref="InitialDomain"/>.</summary>
    public string? DefaultDomain { get; set; }

    /// <summary>
    /// How long turning directory synchronisation off takes: organization.onPremisesSyncEnabled keeps reading true until
    /// this much time has passed on <see cref="TimeProvider"/> (entra-federation.md §6.6: "up to 72 h", cannot be cancelled).
    /// </summary>
    public TimeSpan DirSyncDisableDuration { get; set; } = TimeSpan.FromHours(72);

    /// <summary>identitySecurityDefaultsEnforcementPolicy.isEnabled at start.</summary>
    public bool SecurityDefaultsEnabled { get; set; }

    public string OrganizationName { get; set; } = "Contoso";

    /// <summary>organization.onPremisesSyncEnabled: null (never synced), true (Entra Connect on), false (turned off).</summary>
    public bool? OnPremisesSyncEnabled { get; set; }

    public List<GraphTestSku> Skus { get; set; } = [];

    public List<GraphTestApp> Apps { get; set; } = [];

    /// <summary>The Graph resource whose "/.default" scope tokens must ask for, and the audience of issued tokens.</summary>
    public string GraphResource { get; set; } = "https://graph.microsoft.com";

    /// <summary>Writes (POST, PATCH, PUT, DELETE) allowed per <see cref="WriteWindow"/> per app and tenant.</summary>
    public int WriteLimit { get; set; } = 3000;

    public TimeSpan WriteWindow { get; set; } = TimeSpan.FromSeconds(150);

    /// <summary>
    /// Lifetime of issued access tokens, checked against <see cref="TimeProvider"/>. MSAL caches a token by the real
    /// clock, so a test that moves a manual clock past this lifetime gets 401 for the cached token: lengthen it then.
    /// </summary>
    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Items per page of GET /users and /users/delta when the request has no $top.</summary>
    public int DefaultPageSize { get; set; } = 100;

    /// <summary>Seed of the Random that shuffles batch responses and draws random 503s, so a failure replays.</summary>
    public int Seed { get; set; } = 12345;

    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>
    /// Called with each request's record once it is answered and before the answer is sent: a test can act at an exact
    /// point of a run (a crash after the first batch) instead of racing it.
    /// </summary>
    public Action<GraphRequestRecord>? OnRequest { get; set; }
}

/// <summary>
/// A custom domain: verified unless <paramref name="IsVerified"/> is false (then users cannot be on it and it cannot be
/// federated). Federated domains need onPremisesImmutableId on their users.
/// </summary>
public sealed record GraphTestDomain(string Name, bool Federated = false, bool IsVerified = true);

/// <summary>A subscribed SKU with its purchased (enabled) units.</summary>
public sealed record GraphTestSku(Guid SkuId, string SkuPartNumber, int EnabledUnits);

/// <summary>
/// An app registration with admin-consented application permissions (<see cref="Roles"/>): it signs in with
/// <see cref="Secret"/> or with a client assertion signed by the key of <see cref="Certificate"/> (public part only).
/// </summary>
public sealed record GraphTestApp(string ClientId, IReadOnlyList<string> Roles)
{
    public string? Secret { get; init; }

    public X509Certificate2? Certificate { get; init; }
}

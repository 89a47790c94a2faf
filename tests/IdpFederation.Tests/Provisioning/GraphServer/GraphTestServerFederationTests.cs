using System.Text.Json.Nodes;
using Microsoft.Graph;
using Microsoft.Graph.Models;
using Microsoft.Graph.Models.ODataErrors;

namespace IdpFederation.Tests.Provisioning.GraphServer;

/// <summary>
/// Domain federation through the real SDK (entra-federation.md §5): internalDomainFederation create, read, update and
/// delete, the rules on which domains may be federated and what a configuration may hold, permissions, and reverting a
/// domain with PATCH /domains/{id}.
/// </summary>
[Trait("Kind", "Integration")]
public sealed class GraphTestServerFederationTests : GraphTestServerFixture
{
    private const string FederationAdminId = "22222222-0000-0000-0000-000000000001";
    private const string DomainReaderId = "22222222-0000-0000-0000-000000000002";
    private const string DomainWriterId = "22222222-0000-0000-0000-000000000003";
    private const string Secret = "federation-secret";

    private static readonly Lazy<(string Current, string Next)> Certificates = new(() =>
        (GraphTestFederation.CreateCertificate("CN=Our IdP signing"), GraphTestFederation.CreateCertificate("CN=Our IdP signing (next)")));

    protected override void Configure(GraphTestServerOptions options)
    {
        // contoso.com: federated to another IdP; fabrikam.com and northwind.com: managed roots; sub.fabrikam.com: a
        // subdomain; tailspin.com: the default domain; pending.example: added but not verified.
        options.Domains =
        [
            new("contoso.com", Federated: true),
            new("fabrikam.com"),
            new("sub.fabrikam.com"),
            new("northwind.com"),
            new("tailspin.com"),
            new("pending.example", IsVerified: false),
        ];
        options.DefaultDomain = "tailspin.com";
        options.Apps.Add(new GraphTestApp(FederationAdminId, ["Domain-InternalFederation.ReadWrite.All"]) { Secret = Secret });
        options.Apps.Add(new GraphTestApp(DomainReaderId, ["Domain.Read.All"]) { Secret = Secret });
        options.Apps.Add(new GraphTestApp(DomainWriterId, ["Domain.ReadWrite.All"]) { Secret = Secret });
    }

    private GraphServiceClient Client(string appId) => GraphTestClients.Create(Server, GraphTestClients.SecretCredential(Server, appId, Secret));

    private static InternalDomainFederation Ours(string domain) => new()
    {
        DisplayName = "IdpFederation",
        IssuerUri = $"https://idp.example.org/{domain}",
        PassiveSignInUri = "https://idp.example.org/wsfed",
        ActiveSignInUri = "https://idp.example.org/trust/2005/usernamemixed",
        SignOutUri = "https://idp.example.org/wsfed",
        MetadataExchangeUri = "https://idp.example.org/trust/mex",
        SigningCertificate = Certificates.Value.Current,
        PreferredAuthenticationProtocol = AuthenticationProtocol.WsFed,
        FederatedIdpMfaBehavior = FederatedIdpMfaBehavior.AcceptIfMfaDoneByFederatedIdp,
        PromptLoginBehavior = PromptLoginBehavior.NativeSupport,
        IsSignedAuthenticationRequestRequired = false,
    };

    [Fact]
    public async Task A_configuration_is_created_read_updated_and_deleted_and_the_domain_follows()
    {
        var graph = Client(FederationAdminId);
        var writesBefore = Server.WriteCount;
        var created = await graph.Domains["fabrikam.com"].FederationConfiguration.PostAsync(Ours("fabrikam.com"));

        Assert.True(Guid.TryParse(created!.Id, out _));
        Assert.Equal(("https://idp.example.org/fabrikam.com", AuthenticationProtocol.WsFed, FederatedIdpMfaBehavior.AcceptIfMfaDoneByFederatedIdp, PromptLoginBehavior.NativeSupport),
            (created.IssuerUri, created.PreferredAuthenticationProtocol, created.FederatedIdpMfaBehavior, created.PromptLoginBehavior));
        Assert.Equal("success", created.SigningCertificateUpdateStatus!.CertificateUpdateResult);
        Assert.Equal("Federated", Server.DomainAuthenticationType("fabrikam.com"));
        Assert.Equal(created.Id, Server.FederationOf("fabrikam.com")!.Id);

        // The subdomain follows its root: federated now, with no configuration of its own.
        var sub = await Client(DomainReaderId).Domains["sub.fabrikam.com"].GetAsync();
        Assert.Equal(("Federated", false), (sub!.AuthenticationType, sub.IsRoot));
        Assert.Null(Server.FederationOf("sub.fabrikam.com"));

        var list = await Client(DomainReaderId).Domains["fabrikam.com"].FederationConfiguration.GetAsync();
        Assert.Equal(created.Id, Assert.Single(list!.Value!).Id);

        // Certificate rollover: push the next certificate (§7), partial update, 200 with the whole object.
        var updated = await graph.Domains["fabrikam.com"].FederationConfiguration[created.Id].PatchAsync(new InternalDomainFederation { NextSigningCertificate = Certificates.Value.Next });
        Assert.Equal((Certificates.Value.Current, Certificates.Value.Next, "https://idp.example.org/wsfed"), (updated!.SigningCertificate, updated.NextSigningCertificate, updated.PassiveSignInUri));
        var read = await graph.Domains["fabrikam.com"].FederationConfiguration[created.Id].GetAsync();
        Assert.Equal(Certificates.Value.Next, read!.NextSigningCertificate);
        Assert.Equal(Certificates.Value.Next, Server.FederationOf("fabrikam.com")!.NextSigningCertificate);

        await graph.Domains["fabrikam.com"].FederationConfiguration[created.Id].DeleteAsync();
        Assert.Equal("Managed", Server.DomainAuthenticationType("fabrikam.com"));
        Assert.Null(Server.FederationOf("fabrikam.com"));
        Assert.Empty((await graph.Domains["fabrikam.com"].FederationConfiguration.GetAsync())!.Value!);
        var error = await Assert.ThrowsAsync<ODataError>(() => graph.Domains["fabrikam.com"].FederationConfiguration[created.Id].GetAsync());
        Assert.Equal((404, "Request_ResourceNotFound"), (error.ResponseStatusCode, error.Error!.Code));

        // POST, PATCH and DELETE each took a write token.
        Assert.Equal(writesBefore + 3, Server.WriteCount);
    }

    [Fact]
    public async Task Another_IdPs_configuration_is_listed_and_its_issuer_cannot_be_reused()
    {
        var graph = Client(FederationAdminId);
        var seeded = Assert.Single((await graph.Domains["contoso.com"].FederationConfiguration.GetAsync())!.Value!);
        Assert.Equal(("http://contoso.com/adfs/services/trust/", "Other IdP"), (seeded.IssuerUri, seeded.DisplayName));

        var clash = Ours("fabrikam.com");
        clash.IssuerUri = "http://contoso.com/adfs/services/trust/";
        var error = await Assert.ThrowsAsync<ODataError>(() => graph.Domains["fabrikam.com"].FederationConfiguration.PostAsync(clash));
        Assert.Equal((400, "Request_BadRequest"), (error.ResponseStatusCode, error.Error!.Code));
        Assert.Equal("The issuerUri 'http://contoso.com/adfs/services/trust/' is already used by another domain ('contoso.com'); each federated domain needs its own issuer URI.", error.Error.Message);
        Assert.Null(Server.FederationOf("fabrikam.com"));

        // An update may keep its own issuer, but not take another domain's.
        var fabrikam = await graph.Domains["fabrikam.com"].FederationConfiguration.PostAsync(Ours("fabrikam.com"));
        await graph.Domains["fabrikam.com"].FederationConfiguration[fabrikam!.Id].PatchAsync(new InternalDomainFederation { IssuerUri = "https://idp.example.org/fabrikam.com", DisplayName = "Renamed" });
        error = await Assert.ThrowsAsync<ODataError>(() => graph.Domains["fabrikam.com"].FederationConfiguration[fabrikam.Id].PatchAsync(new InternalDomainFederation { IssuerUri = "http://contoso.com/adfs/services/trust/" }));
        Assert.Contains("is already used by another domain ('contoso.com')", error.Error!.Message, StringComparison.Ordinal);
        Assert.Equal(("https://idp.example.org/fabrikam.com", "Renamed"), (Server.FederationOf("fabrikam.com")!.IssuerUri, Server.FederationOf("fabrikam.com")!.DisplayName));

        // A seeded configuration (another IdP's) is checked by the same rules.
        Assert.Throws<InvalidOperationException>(() => Server.SeedFederation("northwind.com", new GraphTestFederation("https://idp.example.org/fabrikam.com", "https://other.example/ls", Certificates.Value.Current)));
        Server.SeedFederation("northwind.com", new GraphTestFederation("https://other.example/northwind", "https://other.example/ls", Certificates.Value.Current) { Id = "6601d14b-d113-8f64-fda2-9b5ddda18ecc" });
        Assert.Equal("6601d14b-d113-8f64-fda2-9b5ddda18ecc", Assert.Single((await graph.Domains["northwind.com"].FederationConfiguration.GetAsync())!.Value!).Id);
    }

    [Theory]
    [InlineData("contoso.onmicrosoft.com", "Domain 'contoso.onmicrosoft.com' is the initial domain of the tenant; the initial domain cannot be federated.")]
    [InlineData("tailspin.com", "Domain 'tailspin.com' is the default domain of the tenant; federating the default domain is not allowed. Make another domain the default first.")]
    [InlineData("pending.example", "Only verified domains can be updated.")]
    [InlineData("sub.fabrikam.com", "Domain 'sub.fabrikam.com' is a subdomain (isRoot is false) and follows the federation settings of its root domain 'fabrikam.com'; promote it to a root domain to configure it on its own.")]
    public async Task Domains_that_cannot_be_federated_are_refused_with_a_reason(string domain, string message)
    {
        var error = await Assert.ThrowsAsync<ODataError>(() => Client(FederationAdminId).Domains[domain].FederationConfiguration.PostAsync(Ours(domain)));
        Assert.Equal((400, "Request_BadRequest", message), (error.ResponseStatusCode, error.Error!.Code, error.Error.Message));
        Assert.Null(Server.FederationOf(domain));
    }

    [Fact]
    public async Task An_unknown_domain_is_404_and_a_second_configuration_is_409()
    {
        var graph = Client(FederationAdminId);
        var error = await Assert.ThrowsAsync<ODataError>(() => graph.Domains["unknown.example"].FederationConfiguration.PostAsync(Ours("unknown.example")));
        Assert.Equal((404, "Request_ResourceNotFound"), (error.ResponseStatusCode, error.Error!.Code));
        error = await Assert.ThrowsAsync<ODataError>(() => Client(DomainReaderId).Domains["unknown.example"].GetAsync());
        Assert.Equal(404, error.ResponseStatusCode);

        var existing = Server.FederationOf("contoso.com")!.Id;
        error = await Assert.ThrowsAsync<ODataError>(() => graph.Domains["contoso.com"].FederationConfiguration.PostAsync(Ours("contoso.com")));
        Assert.Equal((409, "Conflict"), (error.ResponseStatusCode, error.Error!.Code));
        Assert.Equal($"Domain 'contoso.com' already has a federation configuration ('{existing}'); update or delete it instead.", error.Error.Message);
    }

    [Theory]
    [InlineData("signingCertificate", "bm90IGEgY2VydGlmaWNhdGU=", "Invalid value specified for property 'signingCertificate' of resource 'InternalDomainFederation': must be the base64 encoding of a DER X.509 certificate.")]
    [InlineData("nextSigningCertificate", "%%%", "Invalid value specified for property 'nextSigningCertificate' of resource 'InternalDomainFederation': must be the base64 encoding of a DER X.509 certificate.")]
    [InlineData("preferredAuthenticationProtocol", "WsFederation", "Invalid value specified for property 'preferredAuthenticationProtocol' of resource 'InternalDomainFederation': allowed values are wsFed, saml.")]
    [InlineData("federatedIdpMfaBehavior", "unknownFutureValue", "Invalid value specified for property 'federatedIdpMfaBehavior' of resource 'InternalDomainFederation': allowed values are acceptIfMfaDoneByFederatedIdp, enforceMfaByFederatedIdp, rejectMfaByFederatedIdp.")]
    [InlineData("promptLoginBehavior", "always", "Invalid value specified for property 'promptLoginBehavior' of resource 'InternalDomainFederation': allowed values are translateToFreshPasswordAuthentication, nativeSupport, disabled.")]
    [InlineData("passiveSignInUri", "http://idp.example.org/wsfed", "Invalid value specified for property 'passiveSignInUri' of resource 'InternalDomainFederation': must be an absolute https URI.")]
    [InlineData("signOutUri", "/wsfed", "Invalid value specified for property 'signOutUri' of resource 'InternalDomainFederation': must be an absolute https URI.")]
    [InlineData("issuerUri", "not a uri", "Invalid value specified for property 'issuerUri' of resource 'InternalDomainFederation': must be an absolute URI.")]
    [InlineData("issuerUri", null, "A value is required for property 'issuerUri' of resource 'InternalDomainFederation'.")]
    [InlineData("passiveSignInUri", null, "A value is required for property 'passiveSignInUri' of resource 'InternalDomainFederation'.")]
    [InlineData("signingCertificate", null, "A value is required for property 'signingCertificate' of resource 'InternalDomainFederation'.")]
    [InlineData("@odata.type", null, "The '@odata.type' annotation '#microsoft.graph.internalDomainFederation' is required in the request body to create a federation configuration.")]
    [InlineData("@odata.type", "#microsoft.graph.samlOrWsFedExternalDomainFederation", "A type named '#microsoft.graph.samlOrWsFedExternalDomainFederation' could not be resolved by the model.")]
    [InlineData("supportsMfa", "true", "Property 'supportsMfa' does not exist as a declared property or extension property.")]
    public async Task Each_invalid_value_is_refused_with_its_own_message(string property, string? value, string message)
    {
        // Raw JSON: the SDK cannot send an unknown enum value or leave out the type annotation.
        var body = new JsonObject
        {
            ["@odata.type"] = "#microsoft.graph.internalDomainFederation",
            ["issuerUri"] = "https://idp.example.org/fabrikam.com",
            ["passiveSignInUri"] = "https://idp.example.org/wsfed",
            ["signingCertificate"] = Certificates.Value.Current,
            ["preferredAuthenticationProtocol"] = "wsFed",
        };
        body.Remove(property);
        if (value is not null)
        {
            body[property] = value;
        }

        using var client = await GraphTestClients.CreateRawAsync(Server, GraphTestClients.SecretCredential(Server, FederationAdminId, Secret));
        var (status, error) = await SendAsync(client, HttpMethod.Post, "domains/fabrikam.com/federationConfiguration", body);
        Assert.Equal((400, "Request_BadRequest", message), (status, error!["error"]!["code"]!.GetValue<string>(), error["error"]!["message"]!.GetValue<string>()));
        Assert.Null(Server.FederationOf("fabrikam.com"));

        // The same body with the property valid again is accepted.
        (status, _) = await SendAsync(client, HttpMethod.Post, "domains/fabrikam.com/federationConfiguration", new JsonObject
        {
            ["@odata.type"] = "#microsoft.graph.internalDomainFederation",
            ["issuerUri"] = "https://idp.example.org/fabrikam.com",
            ["passiveSignInUri"] = "https://idp.example.org/wsfed",
            ["signingCertificate"] = Certificates.Value.Current,
        });
        Assert.Equal(201, status);
    }

    [Fact]
    public async Task An_update_is_checked_like_a_create_and_cannot_drop_a_required_property()
    {
        var graph = Client(FederationAdminId);
        var id = (await graph.Domains["fabrikam.com"].FederationConfiguration.PostAsync(Ours("fabrikam.com")))!.Id!;
        using var client = await GraphTestClients.CreateRawAsync(Server, GraphTestClients.SecretCredential(Server, FederationAdminId, Secret));

        var (status, error) = await SendAsync(client, HttpMethod.Patch, $"domains/fabrikam.com/federationConfiguration/{id}", new JsonObject { ["signingCertificate"] = null });
        Assert.Equal((400, "A value is required for property 'signingCertificate' of resource 'InternalDomainFederation'."), (status, error!["error"]!["message"]!.GetValue<string>()));
        (status, error) = await SendAsync(client, HttpMethod.Patch, $"domains/fabrikam.com/federationConfiguration/{id}", new JsonObject { ["federatedIdpMfaBehavior"] = "enforce" });
        Assert.Equal(400, status);

        // null clears an optional property.
        (status, var body) = await SendAsync(client, HttpMethod.Patch, $"domains/fabrikam.com/federationConfiguration/{id}", new JsonObject { ["activeSignInUri"] = null, ["federatedIdpMfaBehavior"] = "enforceMfaByFederatedIdp" });
        Assert.Equal(200, status);
        Assert.Null(body!["activeSignInUri"]);
        Assert.Equal("enforceMfaByFederatedIdp", Server.FederationOf("fabrikam.com")!.FederatedIdpMfaBehavior);

        (status, _) = await SendAsync(client, HttpMethod.Patch, $"domains/fabrikam.com/federationConfiguration/{Guid.NewGuid()}", new JsonObject { ["displayName"] = "x" });
        Assert.Equal(404, status);
    }

    [Fact]
    public async Task Reading_needs_a_domain_permission_and_writing_needs_a_write_one()
    {
        // The fixture's reader has only User.Read.All.
        var reader = GraphTestClients.Create(Server, GraphTestClients.SecretCredential(Server, ReaderId, ReaderSecret));
        var error = await Assert.ThrowsAsync<ODataError>(() => reader.Domains["contoso.com"].FederationConfiguration.GetAsync());
        Assert.Equal((403, "Authorization_RequestDenied"), (error.ResponseStatusCode, error.Error!.Code));

        var domainReader = Client(DomainReaderId);
        Assert.Single((await domainReader.Domains["contoso.com"].FederationConfiguration.GetAsync())!.Value!);
        error = await Assert.ThrowsAsync<ODataError>(() => domainReader.Domains["fabrikam.com"].FederationConfiguration.PostAsync(Ours("fabrikam.com")));
        Assert.Equal((403, "Authorization_RequestDenied", "Insufficient privileges to complete the operation."), (error.ResponseStatusCode, error.Error!.Code, error.Error.Message));
        error = await Assert.ThrowsAsync<ODataError>(() => domainReader.Domains["contoso.com"].PatchAsync(new Domain { AuthenticationType = "Managed" }));
        Assert.Equal(403, error.ResponseStatusCode);
        var seeded = Server.FederationOf("contoso.com")!.Id!;
        error = await Assert.ThrowsAsync<ODataError>(() => domainReader.Domains["contoso.com"].FederationConfiguration[seeded].DeleteAsync());
        Assert.Equal(403, error.ResponseStatusCode);
        Assert.Equal("Federated", Server.DomainAuthenticationType("contoso.com"));

        // Domain-InternalFederation.ReadWrite.All reads too; Domain.ReadWrite.All (higher) writes too.
        Assert.Single((await Client(FederationAdminId).Domains["contoso.com"].FederationConfiguration.GetAsync())!.Value!);
        Assert.NotNull(await Client(DomainWriterId).Domains["fabrikam.com"].FederationConfiguration.PostAsync(Ours("fabrikam.com")));
    }

    [Fact]
    public async Task Patching_a_domain_to_Managed_reverts_it_and_Federated_needs_a_configuration()
    {
        var graph = Client(FederationAdminId);
        await graph.Domains["contoso.com"].PatchAsync(new Domain { AuthenticationType = "Managed" });
        Assert.Equal("Managed", Server.DomainAuthenticationType("contoso.com"));
        Assert.Null(Server.FederationOf("contoso.com"));
        Assert.Empty((await graph.Domains["contoso.com"].FederationConfiguration.GetAsync())!.Value!);

        // Managed again is a no-op; Federated without a configuration is refused.
        await graph.Domains["contoso.com"].PatchAsync(new Domain { AuthenticationType = "Managed" });
        var error = await Assert.ThrowsAsync<ODataError>(() => graph.Domains["contoso.com"].PatchAsync(new Domain { AuthenticationType = "Federated" }));
        Assert.Equal((400, "Domain 'contoso.com' has no federation configuration: create one with POST /domains/contoso.com/federationConfiguration to federate it."), (error.ResponseStatusCode, error.Error!.Message));
        error = await Assert.ThrowsAsync<ODataError>(() => graph.Domains["pending.example"].PatchAsync(new Domain { AuthenticationType = "Managed" }));
        Assert.Equal("Only verified domains can be updated.", error.Error!.Message);

        // A managed domain's users no longer need an ImmutableID (the user rules read the same state).
        Assert.NotNull(await Admin().Users.PostAsync(NewUser("cloud@contoso.com", null)));

        // Federating again through the configuration makes it Federated, and PATCH Federated is then a no-op.
        await graph.Domains["contoso.com"].FederationConfiguration.PostAsync(Ours("contoso.com"));
        await graph.Domains["contoso.com"].PatchAsync(new Domain { AuthenticationType = "Federated" });
        Assert.Equal("Federated", Server.DomainAuthenticationType("contoso.com"));
    }

    [Fact]
    public async Task Domains_and_organization_report_default_initial_root_and_verified_from_state()
    {
        var domains = (await Client(DomainReaderId).Domains.GetAsync())!.Value!.ToDictionary(d => d.Id!);
        Assert.Equal(7, domains.Count);
        Assert.Equal((true, false, true, true, "Managed"), (domains["contoso.onmicrosoft.com"].IsInitial, domains["contoso.onmicrosoft.com"].IsDefault, domains["contoso.onmicrosoft.com"].IsRoot, domains["contoso.onmicrosoft.com"].IsVerified, domains["contoso.onmicrosoft.com"].AuthenticationType));
        Assert.Equal((false, true, true), (domains["tailspin.com"].IsInitial, domains["tailspin.com"].IsDefault, domains["tailspin.com"].IsRoot));
        Assert.Equal((false, "Managed"), (domains["sub.fabrikam.com"].IsRoot, domains["sub.fabrikam.com"].AuthenticationType));
        Assert.Equal((false, false), (domains["pending.example"].IsVerified, domains["pending.example"].IsRoot));
        Assert.Equal("Federated", domains["contoso.com"].AuthenticationType);

        var one = await Client(DomainReaderId).Domains["CONTOSO.com"].GetAsync();
        Assert.Equal("contoso.com", one!.Id);

        // verifiedDomains: the verified ones only, with the same default and types.
        var organization = Assert.Single((await Admin().Organization.GetAsync())!.Value!);
        var verified = organization.VerifiedDomains!.ToDictionary(d => d.Name!);
        Assert.DoesNotContain("pending.example", verified.Keys);
        Assert.Equal((6, true, "Federated"), (verified.Count, verified["tailspin.com"].IsDefault, verified["contoso.com"].Type));

        // A user cannot be put on an unverified domain.
        var error = await Assert.ThrowsAsync<ODataError>(() => Admin().Users.PostAsync(NewUser("x@pending.example", null)));
        Assert.Contains("verified domain", error.Error!.Message, StringComparison.Ordinal);
    }
}

using System.Text.Json.Nodes;
using Microsoft.Graph;
using Microsoft.Graph.Models;
using Microsoft.Graph.Models.ODataErrors;
using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Abstractions.Serialization;

namespace IdpFederation.Tests.Provisioning.GraphServer;

/// <summary>
/// The MFA-related tenant settings `federation check` reads, through the real SDK: security defaults, per-user MFA
/// (one beta call by URL through the SDK's request adapter) and the authentication methods registration report.
/// </summary>
[Trait("Kind", "Integration")]
public sealed class GraphTestServerMfaSettingsTests : GraphTestServerFixture
{
    private const string SettingsReaderId = "44444444-0000-0000-0000-000000000001";
    private const string MethodsReaderId = "44444444-0000-0000-0000-000000000002";
    private const string Secret = "settings-secret";

    protected override void Configure(GraphTestServerOptions options)
    {
        options.SecurityDefaultsEnabled = true;
        options.Apps.Add(new GraphTestApp(SettingsReaderId, ["Policy.Read.All", "AuditLog.Read.All"]) { Secret = Secret });
        options.Apps.Add(new GraphTestApp(MethodsReaderId, ["UserAuthenticationMethod.Read.All"]) { Secret = Secret });
    }

    private GraphServiceClient Client(string appId) => GraphTestClients.Create(Server, GraphTestClients.SecretCredential(Server, appId, Secret));

    /// <summary>GET {root}/beta/users/{key}/authentication/requirements, as the product sends it: absolute URL, SDK adapter.</summary>
    private async Task<JsonNode> PerUserMfaAsync(GraphServiceClient graph, string key)
    {
        var root = Server.BaseUrl[..^"/v1.0".Length];
        var request = new RequestInformation { HttpMethod = Method.GET, URI = new Uri($"{root}/beta/users/{Uri.EscapeDataString(key)}/authentication/requirements") };
        request.Headers.Add("Accept", "application/json");
        var errors = new Dictionary<string, ParsableFactory<IParsable>> { ["XXX"] = ODataError.CreateFromDiscriminatorValue };
        await using var stream = await graph.RequestAdapter.SendPrimitiveAsync<Stream>(request, errors);
        return JsonNode.Parse(stream!)!;
    }

    [Fact]
    public async Task Security_defaults_are_read_as_configured_and_need_a_policy_permission()
    {
        var policy = await Client(SettingsReaderId).Policies.IdentitySecurityDefaultsEnforcementPolicy.GetAsync();
        Assert.Equal(("00000000-0000-0000-0000-000000000005", "Security Defaults", true), (policy!.Id, policy.DisplayName, policy.IsEnabled));
        Assert.False(string.IsNullOrEmpty(policy.Description));

        Server.SetSecurityDefaultsEnabled(false);
        Assert.False((await Client(SettingsReaderId).Policies.IdentitySecurityDefaultsEnforcementPolicy.GetAsync())!.IsEnabled);

        var error = await Assert.ThrowsAsync<ODataError>(() => Admin().Policies.IdentitySecurityDefaultsEnforcementPolicy.GetAsync());
        Assert.Equal((403, "Authorization_RequestDenied"), (error.ResponseStatusCode, error.Error!.Code));
    }

    [Fact]
    public async Task Per_user_MFA_state_is_served_on_beta_by_ID_or_UPN()
    {
        var id = Server.SeedUser("mfa@fabrikam.com", "Mfa");
        var graph = Client(SettingsReaderId);
        Assert.Equal("disabled", (await PerUserMfaAsync(graph, id))["perUserMfaState"]!.GetValue<string>());

        Server.SetPerUserMfaState("mfa@fabrikam.com", "enforced");
        Assert.Equal("enforced", (await PerUserMfaAsync(graph, "MFA@fabrikam.com"))["perUserMfaState"]!.GetValue<string>());
        Assert.Equal("enforced", (await PerUserMfaAsync(Client(MethodsReaderId), id))["perUserMfaState"]!.GetValue<string>());
        Assert.Equal("enforced", Server.FindUser(id)!.PerUserMfaState);

        var error = await Assert.ThrowsAsync<ODataError>(() => PerUserMfaAsync(graph, "nobody@fabrikam.com"));
        Assert.Equal((404, "Request_ResourceNotFound"), (error.ResponseStatusCode, error.Error!.Code));
        error = await Assert.ThrowsAsync<ODataError>(() => PerUserMfaAsync(Admin(), id));
        Assert.Equal(403, error.ResponseStatusCode);
        Assert.Throws<ArgumentException>(() => Server.SetPerUserMfaState(id, "on"));

        // Any other beta path is refused plainly: the server serves only this one.
        using var client = await RawAdminAsync();
        var (status, body) = await SendAsync(client, HttpMethod.Get, $"{Server.BaseUrl[..^"/v1.0".Length]}/beta/users/{id}");
        Assert.Equal(400, status);
        Assert.StartsWith("Resource not found for the segment 'users'.", body!["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Registration_details_filter_and_page_like_other_lists()
    {
        var ids = Enumerable.Range(0, 4).Select(i => Server.SeedUser($"r{i}@fabrikam.com", $"R {i}")).ToArray();
        Server.SetRegistration(ids[1], new GraphTestRegistration(IsSsprRegistered: true, IsSsprEnabled: true, IsSsprCapable: true, MethodsRegistered: ["email"]));
        Server.SetRegistration(ids[3], new GraphTestRegistration(IsSsprRegistered: true, IsMfaRegistered: true, IsMfaCapable: true, MethodsRegistered: ["microsoftAuthenticatorPush", "mobilePhone"]));
        var graph = Client(SettingsReaderId);

        var registered = await graph.Reports.AuthenticationMethods.UserRegistrationDetails.GetAsync(r => r.QueryParameters.Filter = "isSsprRegistered eq true");
        Assert.Equal(new[] { ids[1], ids[3] }.Order(), registered!.Value!.Select(d => d.Id!).Order());
        var third = registered.Value!.Single(d => d.Id == ids[3]);
        Assert.Equal(("r3@fabrikam.com", "R 3", true, false), (third.UserPrincipalName, third.UserDisplayName, third.IsMfaRegistered, third.IsSsprEnabled));
        Assert.Equal(["microsoftAuthenticatorPush", "mobilePhone"], third.MethodsRegistered!);

        var seen = new List<UserRegistrationDetails>();
        var page = await Client(MethodsReaderId).Reports.AuthenticationMethods.UserRegistrationDetails.GetAsync(r => r.QueryParameters.Top = 3);
        seen.AddRange(page!.Value!);
        Assert.NotNull(page.OdataNextLink);
        while (page!.OdataNextLink is { } next)
        {
            page = await graph.Reports.AuthenticationMethods.UserRegistrationDetails.WithUrl(next).GetAsync();
            seen.AddRange(page!.Value!);
        }

        Assert.Equal(ids.Order(), seen.Select(d => d.Id!).Order());
        Assert.All(seen.Where(d => d.Id == ids[0] || d.Id == ids[2]), d => Assert.Equal((false, false, 0), (d.IsSsprRegistered, d.IsMfaRegistered, d.MethodsRegistered!.Count)));

        var error = await Assert.ThrowsAsync<ODataError>(() => graph.Reports.AuthenticationMethods.UserRegistrationDetails.GetAsync(r => r.QueryParameters.Filter = "methodsRegistered/any(m: m eq 'email')"));
        Assert.Equal(400, error.ResponseStatusCode);
        error = await Assert.ThrowsAsync<ODataError>(() => Admin().Reports.AuthenticationMethods.UserRegistrationDetails.GetAsync());
        Assert.Equal(403, error.ResponseStatusCode);
    }
}

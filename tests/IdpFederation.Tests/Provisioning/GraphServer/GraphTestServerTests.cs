using Azure.Identity;
using Microsoft.Graph.Models;
using Microsoft.Graph.Models.ODataErrors;

namespace IdpFederation.Tests.Provisioning.GraphServer;

/// <summary>The Graph test server driven by the real Microsoft.Graph SDK and Azure.Identity over HTTPS.</summary>
[Trait("Kind", "Integration")]
public sealed class GraphTestServerTests : IAsyncLifetime
{
    private const string AdminId = "11111111-0000-0000-0000-000000000001";
    private const string AdminSecret = "admin-secret-value";
    private const string ReaderId = "11111111-0000-0000-0000-000000000002";
    private const string ReaderSecret = "reader-secret-value";
    private static readonly Guid E3 = Guid.Parse("6fd2c87f-b296-42f0-b197-1e91e994b900");

    private GraphTestServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await GraphTestServer.StartAsync(new GraphTestServerOptions
        {
            Skus = [new GraphTestSku(E3, "ENTERPRISEPACK", EnabledUnits: 2)],
            Apps =
            [
                new GraphTestApp(AdminId, ["User.ReadWrite.All", "Group.ReadWrite.All", "Domain.Read.All", "Organization.Read.All"]) { Secret = AdminSecret },
                new GraphTestApp(ReaderId, ["User.Read.All"]) { Secret = ReaderSecret },
            ],
        });
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private Microsoft.Graph.GraphServiceClient Admin() => GraphTestClients.Create(_server, GraphTestClients.SecretCredential(_server, AdminId, AdminSecret));

    private static User NewUser(string upn, string? immutableId) => new()
    {
        AccountEnabled = true,
        DisplayName = upn.Split('@')[0],
        MailNickname = upn.Split('@')[0],
        UserPrincipalName = upn,
        OnPremisesImmutableId = immutableId,
        PasswordProfile = new PasswordProfile { Password = "Random-Unusable-Pa55!", ForceChangePasswordNextSignIn = false },
    };

    [Fact]
    public async Task Token_carries_the_app_roles_and_a_user_round_trips()
    {
        var credential = GraphTestClients.SecretCredential(_server, AdminId, AdminSecret);
        var token = await credential.GetTokenAsync(new Azure.Core.TokenRequestContext(GraphTestClients.Scopes(_server)));
        var payload = Jwt.Parse(token.Token)!.Payload;
        Assert.Equal(AdminId, payload["appid"]!.GetValue<string>());
        Assert.Equal(_server.TenantId.ToString(), payload["tid"]!.GetValue<string>());
        Assert.Contains("User.ReadWrite.All", payload["roles"]!.AsArray().Select(r => r!.GetValue<string>()));

        var graph = Admin();
        var created = await graph.Users.PostAsync(NewUser("alice@contoso.com", "alice-0001"));
        Assert.NotNull(created?.Id);
        Assert.Null(created.OnPremisesImmutableId);

        var found = await graph.Users.GetAsync(r =>
        {
            r.QueryParameters.Filter = "onPremisesImmutableId eq 'alice-0001'";
            r.QueryParameters.Select = ["id", "userPrincipalName", "onPremisesImmutableId"];
        });
        var user = Assert.Single(found!.Value!);
        Assert.Equal("alice@contoso.com", user.UserPrincipalName);
        Assert.Equal("alice-0001", user.OnPremisesImmutableId);
        Assert.Equal(created.Id, user.Id);
        Assert.Equal("alice-0001", _server.FindUser("ALICE@contoso.com")!.OnPremisesImmutableId);
    }

    [Fact]
    public async Task Wrong_secret_is_refused_by_the_token_endpoint()
    {
        var graph = GraphTestClients.Create(_server, GraphTestClients.SecretCredential(_server, AdminId, "not-the-secret"));
        var error = await Assert.ThrowsAsync<AuthenticationFailedException>(() => graph.Users.GetAsync());
        Assert.Contains("AADSTS7000215", error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("not-the-secret", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_role_is_403_with_Graph_code_and_message()
    {
        var graph = GraphTestClients.Create(_server, GraphTestClients.SecretCredential(_server, ReaderId, ReaderSecret));
        var error = await Assert.ThrowsAsync<ODataError>(() => graph.Users.PostAsync(NewUser("bob@fabrikam.com", null)));
        Assert.Equal(403, error.ResponseStatusCode);
        Assert.Equal("Authorization_RequestDenied", error.Error!.Code);
        Assert.Equal("Insufficient privileges to complete the operation.", error.Error.Message);
        Assert.Empty(_server.Users);
    }
}

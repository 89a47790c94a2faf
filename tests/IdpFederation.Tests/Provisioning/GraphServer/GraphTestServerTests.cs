using Azure.Core;
using Azure.Identity;
using Microsoft.Graph.Models.ODataErrors;
using Microsoft.Kiota.Http.HttpClientLibrary.Middleware.Options;

namespace IdpFederation.Tests.Provisioning.GraphServer;

/// <summary>Sign-in, permissions and injected failures, driven by the real Microsoft.Graph SDK and Azure.Identity over HTTPS.</summary>
[Trait("Kind", "Integration")]
public sealed class GraphTestServerTests : GraphTestServerFixture
{
    [Fact]
    public async Task Token_carries_the_app_roles_and_a_user_round_trips()
    {
        var credential = GraphTestClients.SecretCredential(Server, AdminId, AdminSecret);
        var token = await credential.GetTokenAsync(new TokenRequestContext(GraphTestClients.Scopes(Server)), CancellationToken.None);
        var payload = Jwt.Parse(token.Token)!.Payload;
        Assert.Equal(AdminId, payload["appid"]!.GetValue<string>());
        Assert.Equal(Server.TenantId.ToString(), payload["tid"]!.GetValue<string>());
        Assert.Equal("https://graph.microsoft.com", payload["aud"]!.GetValue<string>());
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
        Assert.Equal(("alice@contoso.com", "alice-0001", created.Id), (user.UserPrincipalName, user.OnPremisesImmutableId, user.Id));
        Assert.Equal("alice-0001", Server.FindUser("ALICE@contoso.com")!.OnPremisesImmutableId);

        // Without $select Graph leaves onPremisesImmutableId out.
        var plain = await graph.Users[created.Id].GetAsync();
        Assert.Null(plain!.OnPremisesImmutableId);
        Assert.Equal("alice@contoso.com", plain.UserPrincipalName);

        // With instance discovery off, MSAL goes straight to the token endpoint: no discovery request reaches the server.
        var tokenPaths = Server.Requests.Where(r => !r.Path.StartsWith("/v1.0", StringComparison.Ordinal)).Select(r => r.Path).Distinct().ToArray();
        Assert.Equal([$"/{Server.TenantId}/oauth2/v2.0/token"], tokenPaths);
    }

    [Fact]
    public async Task A_certificate_credential_signs_in_and_an_unregistered_certificate_is_refused()
    {
        var graph = GraphTestClients.Create(Server, GraphTestClients.CertificateCredential(Server, CertificateAppId, AppCertificate));
        var users = await graph.Users.GetAsync();
        Assert.Empty(users!.Value!);

        using var key = System.Security.Cryptography.RSA.Create(2048);
        var request = new System.Security.Cryptography.X509Certificates.CertificateRequest("CN=other", key, System.Security.Cryptography.HashAlgorithmName.SHA256, System.Security.Cryptography.RSASignaturePadding.Pkcs1);
        using var other = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        var stranger = GraphTestClients.Create(Server, GraphTestClients.CertificateCredential(Server, CertificateAppId, other));
        var error = await Assert.ThrowsAsync<AuthenticationFailedException>(() => stranger.Users.GetAsync());
        Assert.Contains("AADSTS700027", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Wrong_secret_or_unknown_client_is_refused_by_the_token_endpoint()
    {
        var graph = GraphTestClients.Create(Server, GraphTestClients.SecretCredential(Server, AdminId, "not-the-secret"));
        var error = await Assert.ThrowsAsync<AuthenticationFailedException>(() => graph.Users.GetAsync());
        Assert.Contains("AADSTS7000215", error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("not-the-secret", error.ToString(), StringComparison.Ordinal);

        var unknown = GraphTestClients.Create(Server, GraphTestClients.SecretCredential(Server, Guid.NewGuid().ToString(), AdminSecret));
        error = await Assert.ThrowsAsync<AuthenticationFailedException>(() => unknown.Users.GetAsync());
        Assert.Contains("AADSTS700016", error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(Server.Requests, r => r.Path.StartsWith("/v1.0", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_missing_role_is_403_with_Graph_code_and_message()
    {
        var graph = GraphTestClients.Create(Server, GraphTestClients.SecretCredential(Server, ReaderId, ReaderSecret));
        Assert.Empty((await graph.Users.GetAsync())!.Value!);
        var error = await Assert.ThrowsAsync<ODataError>(() => graph.Users.PostAsync(NewUser("bob@fabrikam.com", null)));
        Assert.Equal(403, error.ResponseStatusCode);
        Assert.Equal("Authorization_RequestDenied", error.Error!.Code);
        Assert.Equal("Insufficient privileges to complete the operation.", error.Error.Message);
        await Assert.ThrowsAsync<ODataError>(() => graph.Domains.GetAsync());
        Assert.Empty(Server.Users);
    }

    [Fact]
    public async Task A_request_without_a_valid_token_is_401()
    {
        using var client = new HttpClient(Server.CreateTrustingHandler());
        var (status, body) = await SendAsync(client, HttpMethod.Get, Server.BaseUrl + "/users");
        Assert.Equal(401, status);
        Assert.Equal("InvalidAuthenticationToken", body!["error"]!["code"]!.GetValue<string>());

        client.DefaultRequestHeaders.Authorization = new("Bearer", "eyJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJ4In0.c2ln");
        (status, _) = await SendAsync(client, HttpMethod.Get, Server.BaseUrl + "/users");
        Assert.Equal(401, status);
    }

    [Fact]
    public async Task Injected_503s_fail_exactly_the_next_requests_and_the_SDK_retry_gets_through()
    {
        var graph = Admin();
        await graph.Users.GetAsync();
        Server.FailNext(2, 503);
        for (var i = 0; i < 2; i++)
        {
            var error = await Assert.ThrowsAsync<ODataError>(() => graph.Users.GetAsync());
            Assert.Equal(503, error.ResponseStatusCode);
        }

        Assert.NotNull(await graph.Users.GetAsync());

        Server.FailNext(1, 503);
        var retrying = Admin(sdkRetries: true);
        var created = await retrying.Users.PostAsync(NewUser("carol@fabrikam.com", null), r => r.Options.Add(new RetryHandlerOption { Delay = 0, MaxRetry = 2 }));
        Assert.Equal("carol@fabrikam.com", created!.UserPrincipalName);
        Assert.Equal([503, 201], Server.Requests.Where(r => r.Method == "POST" && r.Path == "/v1.0/users").Select(r => r.Status));
    }

    [Fact]
    public async Task A_random_503_rate_of_one_fails_everything_and_zero_nothing()
    {
        var graph = Admin();
        Server.Random503Rate = 1;
        Assert.Equal(503, (await Assert.ThrowsAsync<ODataError>(() => graph.Users.GetAsync())).ResponseStatusCode);
        Server.Random503Rate = 0;
        Assert.NotNull(await graph.Users.GetAsync());
        Assert.Throws<ArgumentOutOfRangeException>(() => Server.Random503Rate = 1.5);
    }

    [Fact]
    public async Task Down_answers_503_to_Graph_and_the_token_endpoint_until_up_again()
    {
        var graph = Admin();
        await graph.Users.GetAsync();
        Server.SetDown(true);
        Assert.Equal(503, (await Assert.ThrowsAsync<ODataError>(() => graph.Users.GetAsync())).ResponseStatusCode);
        var fresh = GraphTestClients.Create(Server, GraphTestClients.SecretCredential(Server, AdminId, AdminSecret));
        await Assert.ThrowsAsync<AuthenticationFailedException>(() => fresh.Users.GetAsync());

        Server.SetDown(false);
        Assert.NotNull(await fresh.Users.GetAsync());
    }

    [Theory]
    [InlineData("client_credentials", "https://graph.microsoft.com/.default", AdminSecret, 200, null)]
    [InlineData("client_credentials", "https://graph.microsoft.com/User.Read.All", AdminSecret, 400, "invalid_scope")]
    [InlineData("client_credentials", "https://graph.microsoft.com/.default openid", AdminSecret, 400, "invalid_scope")]
    [InlineData("password", "https://graph.microsoft.com/.default", AdminSecret, 400, "unsupported_grant_type")]
    [InlineData("client_credentials", "https://graph.microsoft.com/.default", null, 401, "invalid_client")]
    public async Task The_token_endpoint_checks_grant_scope_and_client(string grant, string scope, string? secret, int status, string? error)
    {
        using var client = new HttpClient(Server.CreateTrustingHandler());
        var form = new Dictionary<string, string> { ["grant_type"] = grant, ["client_id"] = AdminId, ["scope"] = scope };
        if (secret is not null)
        {
            form["client_secret"] = secret;
        }

        using var response = await client.PostAsync($"{Server.AuthorityHost}{Server.TenantId}/oauth2/v2.0/token", new FormUrlEncodedContent(form));
        var body = System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal(error, body["error"]?.GetValue<string>());

        using var otherTenant = await client.PostAsync($"{Server.AuthorityHost}{Guid.NewGuid()}/oauth2/v2.0/token", new FormUrlEncodedContent(form));
        Assert.Equal(System.Net.HttpStatusCode.NotFound, otherTenant.StatusCode);
    }

    [Fact]
    public async Task A_child_process_trusts_the_server_through_SSL_CERT_FILE_and_not_without_it()
    {
        var url = $"{Server.AuthorityHost}{Server.TenantId}/v2.0/.well-known/openid-configuration";
        var script = "import sys, urllib.request\ntry:\n    urllib.request.urlopen(sys.argv[1]).read(); print('trusted')\nexcept Exception as e:\n    print('refused', e)";
        async Task<string> RunAsync(string? caFile)
        {
            var start = new System.Diagnostics.ProcessStartInfo("python3") { RedirectStandardOutput = true, RedirectStandardError = true };
            start.ArgumentList.Add("-c");
            start.ArgumentList.Add(script);
            start.ArgumentList.Add(url);
            start.Environment.Remove("SSL_CERT_DIR");
            if (caFile is null)
            {
                start.Environment.Remove("SSL_CERT_FILE");
            }
            else
            {
                start.Environment["SSL_CERT_FILE"] = caFile;
            }

            using var process = System.Diagnostics.Process.Start(start)!;
            var output = await process.StandardOutput.ReadToEndAsync();
            await process.WaitForExitAsync();
            return output.Trim();
        }

        Assert.Equal("trusted", await RunAsync(Server.CaPemPath));
        Assert.StartsWith("refused", await RunAsync(null), StringComparison.Ordinal);
    }
}

using System.Text.Json.Nodes;
using Microsoft.Graph.Models;
using Microsoft.Graph.Models.ODataErrors;

namespace IdpFederation.Tests.Provisioning.GraphServer;

/// <summary>The create and update rules for users (Graph "Create user", "Update user"), each failure on its own.</summary>
[Trait("Kind", "Integration")]
public sealed class GraphTestServerUserRuleTests : GraphTestServerFixture
{
    private static JsonObject ValidBody() => new()
    {
        ["accountEnabled"] = true,
        ["displayName"] = "Dana",
        ["mailNickname"] = "dana",
        ["userPrincipalName"] = "dana@contoso.com",
        ["onPremisesImmutableId"] = "dana-0001",
        ["passwordProfile"] = new JsonObject { ["password"] = "Random-Unusable-Pa55!", ["forceChangePasswordNextSignIn"] = false },
    };

    [Theory]
    [InlineData("accountEnabled")]
    [InlineData("displayName")]
    [InlineData("mailNickname")]
    [InlineData("passwordProfile")]
    [InlineData("userPrincipalName")]
    public async Task Create_needs_each_required_property(string property)
    {
        using var client = await RawAdminAsync();
        var body = ValidBody();
        body.Remove(property);
        var (status, error) = await SendAsync(client, HttpMethod.Post, "users", body);
        Assert.Equal(400, status);
        Assert.Equal("Request_BadRequest", error!["error"]!["code"]!.GetValue<string>());
        Assert.Equal($"A value is required for property '{property}' of resource 'User'.", error["error"]!["message"]!.GetValue<string>());
        Assert.Empty(Server.Users);

        (status, _) = await SendAsync(client, HttpMethod.Post, "users", ValidBody());
        Assert.Equal(201, status);
    }

    [Theory]
    [InlineData("userPrincipalName", "dana smith@contoso.com", "Property userPrincipalName is invalid.")]
    [InlineData("userPrincipalName", "dana@unverified.example", "The domain portion of the userPrincipalName property is invalid. You must use one of the verified domain names in your organization.")]
    [InlineData("onPremisesImmutableId", null, "Property 'onPremisesImmutableId' must be specified for a user whose userPrincipalName is on a federated domain.")]
    [InlineData("onPremisesImmutableId", "dana$0001", "Invalid value specified for property 'onPremisesImmutableId' of resource 'User'.")]
    [InlineData("onPremisesImmutableId", "dana_0001", "Invalid value specified for property 'onPremisesImmutableId' of resource 'User'.")]
    [InlineData("usageLocation", "Australia", "Invalid value specified for property 'usageLocation' of resource 'User'.")]
    [InlineData("mailNickname", "dana smith", "Invalid value specified for property 'mailNickname' of resource 'User'.")]
    [InlineData("proxyAddresses", "SMTP:dana@contoso.com", "Property 'proxyAddresses' is read-only and cannot be set.")]
    [InlineData("favouriteColour", "blue", "Property 'favouriteColour' does not exist as a declared property or extension property.")]
    public async Task Create_refuses_each_invalid_value_with_Graphs_message(string property, string? value, string message)
    {
        var user = NewUser("dana@contoso.com", "dana-0001");
        var props = new Dictionary<string, object?>(StringComparer.Ordinal) { [property] = value };
        switch (property)
        {
            case "userPrincipalName": user.UserPrincipalName = value; break;
            case "onPremisesImmutableId": user.OnPremisesImmutableId = value; break;
            case "usageLocation": user.UsageLocation = value; break;
            case "mailNickname": user.MailNickname = value; break;
            case "proxyAddresses": user.ProxyAddresses = [value!]; break;
            default: user.AdditionalData = props; break;
        }

        var error = await Assert.ThrowsAsync<ODataError>(() => Admin().Users.PostAsync(user));
        Assert.Equal((400, "Request_BadRequest", message), (error.ResponseStatusCode, error.Error!.Code, error.Error.Message));
        Assert.Empty(Server.Users);
    }

    [Fact]
    public async Task A_body_with_a_duplicate_property_is_400_without_echoing_values()
    {
        using var client = await RawAdminAsync();
        var text = ValidBody().ToJsonString().Replace("\"displayName\":\"Dana\"", "\"displayName\":\"Dana\",\"displayName\":\"Secret-Dana\"", StringComparison.Ordinal);
        using var response = await client.PostAsync("users", new StringContent(text, System.Text.Encoding.UTF8, "application/json"));
        var message = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!["message"]!.GetValue<string>();
        Assert.Equal(400, (int)response.StatusCode);
        Assert.DoesNotContain("Secret-Dana", message, StringComparison.Ordinal);
        Assert.Empty(Server.Users);
    }

    [Fact]
    public async Task A_weak_password_is_refused()
    {
        var user = NewUser("erin@fabrikam.com", null);
        user.PasswordProfile!.Password = "password";
        var error = await Assert.ThrowsAsync<ODataError>(() => Admin().Users.PostAsync(user));
        Assert.Contains("password complexity", error.Error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UPN_is_unique_ignoring_case_and_ImmutableID_is_unique_respecting_case()
    {
        var graph = Admin();
        await graph.Users.PostAsync(NewUser("frank@contoso.com", "Frank-0001"));

        var error = await Assert.ThrowsAsync<ODataError>(() => graph.Users.PostAsync(NewUser("FRANK@Contoso.com", "frank-0002")));
        Assert.Equal("Another object with the same value for property userPrincipalName already exists.", error.Error!.Message);

        error = await Assert.ThrowsAsync<ODataError>(() => graph.Users.PostAsync(NewUser("frank2@contoso.com", "Frank-0001")));
        Assert.Equal("Another object with the same value for property onPremisesImmutableId already exists.", error.Error!.Message);

        // Entra matches ImmutableIDs case-sensitively, so one differing only in case is another ID.
        Assert.NotNull(await graph.Users.PostAsync(NewUser("frank3@contoso.com", "frank-0001")));
        Assert.Equal(2, Server.Users.Count);
    }

    [Fact]
    public async Task ImmutableID_cannot_change_on_a_federated_UPN_but_can_through_a_managed_domain()
    {
        var graph = Admin();
        var id = (await graph.Users.PostAsync(NewUser("gina@contoso.com", "gina-old")))!.Id!;

        var error = await Assert.ThrowsAsync<ODataError>(() => graph.Users[id].PatchAsync(new User { OnPremisesImmutableId = "gina-new" }));
        Assert.Equal((400, "Request_BadRequest"), (error.ResponseStatusCode, error.Error!.Code));
        Assert.Contains("onPremisesImmutableId", error.Error.Message, StringComparison.Ordinal);
        Assert.Equal("gina-old", Server.FindUser(id)!.OnPremisesImmutableId);

        // The documented route: UPN to the onmicrosoft.com domain (here with the new ID in the same PATCH), then back.
        await graph.Users[id].PatchAsync(new User { UserPrincipalName = "gina@contoso.onmicrosoft.com", OnPremisesImmutableId = "gina-new" });
        await graph.Users[id].PatchAsync(new User { UserPrincipalName = "gina@contoso.com" });
        Assert.Equal(("gina@contoso.com", "gina-new"), (Server.FindUser(id)!.UserPrincipalName, Server.FindUser(id)!.OnPremisesImmutableId));

        // From a managed UPN, the ID and the move back may also go together.
        await graph.Users[id].PatchAsync(new User { UserPrincipalName = "gina@contoso.onmicrosoft.com" });
        await graph.Users[id].PatchAsync(new User { UserPrincipalName = "gina@contoso.com", OnPremisesImmutableId = "gina-third" });
        Assert.Equal("gina-third", Server.FindUser(id)!.OnPremisesImmutableId);

        // A managed user without an ID cannot move onto the federated domain without one.
        var managed = (await graph.Users.PostAsync(NewUser("hank@fabrikam.com", null)))!.Id!;
        error = await Assert.ThrowsAsync<ODataError>(() => graph.Users[managed].PatchAsync(new User { UserPrincipalName = "hank@contoso.com" }));
        Assert.Contains("must be specified", error.Error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UsageLocation_cannot_be_reset_to_null_and_mail_sets_the_primary_proxy_address()
    {
        var graph = Admin();
        var id = (await graph.Users.PostAsync(NewUser("ivy@fabrikam.com", null, usageLocation: "AU")))!.Id!;
        using var client = await RawAdminAsync();
        var (status, body) = await SendAsync(client, HttpMethod.Patch, $"users/{id}", new JsonObject { ["usageLocation"] = null });
        Assert.Equal(400, status);
        Assert.Equal("Invalid value specified for property 'usageLocation' of resource 'User'.", body!["error"]!["message"]!.GetValue<string>());
        Assert.Equal("AU", Server.FindUser(id)!.UsageLocation);

        await graph.Users[id].PatchAsync(new User { Mail = "ivy@fabrikam.com" });
        await graph.Users[id].PatchAsync(new User { Mail = "ivy.new@fabrikam.com" });
        Assert.Equal(["SMTP:ivy.new@fabrikam.com", "smtp:ivy@fabrikam.com"], Server.FindUser(id)!.ProxyAddresses);
        var read = await graph.Users[id].GetAsync(r => r.QueryParameters.Select = ["proxyAddresses", "usageLocation"]);
        Assert.Equal(["SMTP:ivy.new@fabrikam.com", "smtp:ivy@fabrikam.com"], read!.ProxyAddresses);

        // Another user cannot take an address already in use.
        var other = (await graph.Users.PostAsync(NewUser("jack@fabrikam.com", null)))!.Id!;
        var error = await Assert.ThrowsAsync<ODataError>(() => graph.Users[other].PatchAsync(new User { Mail = "IVY@fabrikam.com" }));
        Assert.Equal("Another object with the same value for property proxyAddresses already exists.", error.Error!.Message);
    }

    [Fact]
    public async Task Users_page_with_top_and_nextLink_and_filter_by_UPN()
    {
        for (var i = 0; i < 5; i++)
        {
            Server.SeedUser($"user{i}@fabrikam.com", $"User {i}");
        }

        var graph = Admin();
        var seen = new List<string>();
        var page = await graph.Users.GetAsync(r => r.QueryParameters.Top = 2);
        seen.AddRange(page!.Value!.Select(u => u.UserPrincipalName!));
        while (page!.OdataNextLink is { } next)
        {
            page = await graph.Users.WithUrl(next).GetAsync();
            seen.AddRange(page!.Value!.Select(u => u.UserPrincipalName!));
        }

        Assert.Equal(Enumerable.Range(0, 5).Select(i => $"user{i}@fabrikam.com").Order(), seen.Order());
        var one = await graph.Users.GetAsync(r => r.QueryParameters.Filter = "userPrincipalName eq 'USER3@fabrikam.com'");
        Assert.Equal("user3@fabrikam.com", Assert.Single(one!.Value!).UserPrincipalName);

        Server.SeedUser("o1@contoso.com", "O1", immutableId: "Imm-1");
        Server.SeedUser("o2@contoso.com", "O2", immutableId: "imm-2");
        foreach (var filter in new[] { "onPremisesImmutableId in ('imm-1','IMM-2','none')", "onPremisesImmutableId eq 'imm-1' or onPremisesImmutableId eq 'imm-2'", "startswith(userPrincipalName,'o') and accountEnabled eq true" })
        {
            var matched = await graph.Users.GetAsync(r => r.QueryParameters.Filter = filter);
            Assert.Equal(["o1@contoso.com", "o2@contoso.com"], matched!.Value!.Select(u => u.UserPrincipalName!).Order());
        }

        var error = await Assert.ThrowsAsync<ODataError>(() => graph.Users.GetAsync(r => r.QueryParameters.Filter = "endswith(mail,'x')"));
        Assert.Equal(("Request_UnsupportedQuery", "Unsupported Query."), (error.Error!.Code, error.Error.Message));
        error = await Assert.ThrowsAsync<ODataError>(() => graph.Users.GetAsync(r => r.QueryParameters.Orderby = ["displayName"]));
        Assert.Equal("Request_UnsupportedQuery", error.Error!.Code);

        error = await Assert.ThrowsAsync<ODataError>(() => graph.Users.GetAsync(r => r.QueryParameters.Count = true));
        Assert.Equal(400, error.ResponseStatusCode);
        var counted = await graph.Users.GetAsync(r =>
        {
            r.QueryParameters.Count = true;
            r.QueryParameters.Filter = "startswith(userPrincipalName,'user')";
            r.QueryParameters.Top = 2;
            r.Headers.Add("ConsistencyLevel", "eventual");
        });
        Assert.Equal((5, 2), (counted!.OdataCount, counted.Value!.Count));
    }
}

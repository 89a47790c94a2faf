using System.Text.Json.Nodes;
using IdpFederation.Tests.CoreLayer;
using Microsoft.Graph;
using Microsoft.Graph.Models;
using Microsoft.Graph.Models.ODataErrors;

namespace IdpFederation.Tests.Provisioning.GraphServer;

/// <summary>JSON batching and the write quota, on a manual clock and a small quota (5 writes per 10 s).</summary>
[Trait("Kind", "Integration")]
public sealed class GraphTestServerBatchThrottleTests : GraphTestServerFixture
{
    private readonly ManualTimeProvider _clock = new(DateTimeOffset.UtcNow);

    protected override void Configure(GraphTestServerOptions options)
    {
        options.TimeProvider = _clock;
        options.WriteLimit = 5;
        options.WriteWindow = TimeSpan.FromSeconds(10);
    }

    private static JsonObject CreateRequest(string id, string upn, params string[] dependsOn)
    {
        var request = new JsonObject
        {
            ["id"] = id,
            ["method"] = "POST",
            ["url"] = "/users",
            ["headers"] = new JsonObject { ["Content-Type"] = "application/json" },
            ["body"] = new JsonObject
            {
                ["accountEnabled"] = true,
                ["displayName"] = id,
                ["mailNickname"] = upn.Split('@')[0],
                ["userPrincipalName"] = upn,
                ["passwordProfile"] = new JsonObject { ["password"] = "Random-Unusable-Pa55!" },
            },
        };
        if (dependsOn.Length > 0)
        {
            request["dependsOn"] = new JsonArray(dependsOn.Select(d => (JsonNode)d).ToArray());
        }

        return request;
    }

    [Fact]
    public async Task The_write_bucket_answers_429_with_Retry_After_and_refills_with_time()
    {
        var graph = Admin();
        for (var i = 0; i < 5; i++)
        {
            await graph.Users.PostAsync(NewUser($"w{i}@fabrikam.com", null), r => r.Headers.Add("x-ms-throttle-priority", "Low"));
        }

        var error = await Assert.ThrowsAsync<ODataError>(() => graph.Users.PostAsync(NewUser("w5@fabrikam.com", null)));
        Assert.Equal(429, error.ResponseStatusCode);
        Assert.Equal(["2"], error.ResponseHeaders["Retry-After"]);
        Assert.Equal(["WriteLimitExceeded"], error.ResponseHeaders["x-ms-throttle-information"]);
        Assert.Equal([$"Tenant_Application/Write/{AdminId}/{Server.TenantId}"], error.ResponseHeaders["x-ms-throttle-scope"]);

        // Reads are not writes, and carry their resource-unit cost.
        var read = await graph.Users.GetAsync();
        Assert.Equal(5, read!.Value!.Count);

        _clock.Advance(TimeSpan.FromSeconds(2));
        await graph.Users.PostAsync(NewUser("w5@fabrikam.com", null));
        Assert.Equal(6, Server.WriteCount);
        var posts = Server.Requests.Where(r => r is { Method: "POST", Path: "/v1.0/users" }).ToArray();
        Assert.Equal([201, 201, 201, 201, 201, 429, 201], posts.Select(r => r.Status));
        Assert.Equal(["Low", "Low", "Low", "Low", "Low", null, null], posts.Select(r => r.ThrottlePriority));
        Assert.Equal(_clock.GetUtcNow(), posts[^1].Time);
    }

    [Fact]
    public async Task A_batch_runs_each_request_on_its_own_with_dependsOn_424_and_429_inside_the_200()
    {
        using var client = await RawAdminAsync();
        var requests = new JsonArray(
            CreateRequest("1", "bad upn@fabrikam.com"),
            CreateRequest("2", "after-bad@fabrikam.com", "1"),
            CreateRequest("3", "ok3@fabrikam.com"),
            CreateRequest("4", "ok4@fabrikam.com", "3"),
            CreateRequest("5", "ok5@fabrikam.com"),
            CreateRequest("6", "ok6@fabrikam.com"),
            CreateRequest("7", "ok7@fabrikam.com"),
            CreateRequest("8", "ok8@fabrikam.com"));
        var (status, body) = await SendAsync(client, HttpMethod.Post, "$batch", new JsonObject { ["requests"] = requests });
        Assert.Equal(200, status);
        var byId = body!["responses"]!.AsArray().ToDictionary(r => r!["id"]!.GetValue<string>(), r => r!);
        Assert.Equal(8, byId.Count);
        // The refused create of "1" still costs a write, as on Graph; "2" never runs, so it costs none.
        Assert.Equal(
            [("1", 400), ("2", 424), ("3", 201), ("4", 201), ("5", 201), ("6", 201), ("7", 429), ("8", 429)],
            byId.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => (p.Key, p.Value["status"]!.GetValue<int>())));
        Assert.Equal("2", byId["8"]["headers"]!["Retry-After"]!.GetValue<string>());
        Assert.Equal(4, Server.Users.Count);
        Assert.NotEqual(byId.Keys.Order(StringComparer.Ordinal), body["responses"]!.AsArray().Select(r => r!["id"]!.GetValue<string>()));
        Assert.All(Server.Requests.Where(r => r.InBatch), r => Assert.Equal("/v1.0/users", r.Path));
    }

    [Fact]
    public async Task A_batch_of_21_duplicate_ids_a_body_without_Content_Type_or_an_unknown_dependency_is_refused_whole()
    {
        using var client = await RawAdminAsync();
        var tooMany = new JsonArray(Enumerable.Range(1, 21).Select(i => (JsonNode)new JsonObject { ["id"] = $"{i}", ["method"] = "GET", ["url"] = "/users" }).ToArray());
        var duplicate = new JsonArray(CreateRequest("1", "a@fabrikam.com"), CreateRequest("1", "b@fabrikam.com"));
        var noType = CreateRequest("1", "a@fabrikam.com");
        noType["headers"] = new JsonObject();
        var unknownDependency = new JsonArray(CreateRequest("1", "a@fabrikam.com", "9"));
        foreach (var requests in new[] { tooMany, duplicate, new JsonArray(noType), unknownDependency })
        {
            var (status, body) = await SendAsync(client, HttpMethod.Post, "$batch", new JsonObject { ["requests"] = requests });
            Assert.Equal(400, status);
            Assert.StartsWith("Invalid batch payload format", body!["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        }

        Assert.Empty(Server.Users);
        Assert.Equal(0, Server.WriteCount);
    }

    [Fact]
    public async Task The_SDK_batch_content_round_trips()
    {
        var graph = Admin();
        var batch = new BatchRequestContentCollection(graph);
        var ids = new List<string>();
        foreach (var upn in new[] { "b1@fabrikam.com", "b2@fabrikam.com", "b3@fabrikam.com" })
        {
            ids.Add(await batch.AddBatchRequestStepAsync(graph.Users.ToPostRequestInformation(NewUser(upn, null))));
        }

        var response = await graph.Batch.PostAsync(batch);
        var statuses = await response.GetResponsesStatusCodesAsync();
        Assert.All(ids, id => Assert.Equal(System.Net.HttpStatusCode.Created, statuses[id]));
        var second = await response.GetResponseByIdAsync<User>(ids[1]);
        Assert.Equal("b2@fabrikam.com", second.UserPrincipalName);
        Assert.Equal(3, Server.Users.Count);
    }

    [Fact]
    public async Task An_access_token_expires_by_the_injected_clock()
    {
        var graph = Admin();
        Assert.NotNull(await graph.Users.GetAsync());
        _clock.Advance(TimeSpan.FromHours(1));
        var error = await Assert.ThrowsAsync<ODataError>(() => graph.Users.GetAsync());
        Assert.Equal((401, "InvalidAuthenticationToken"), (error.ResponseStatusCode, error.Error!.Code));
        Assert.Equal(["1"], error.ResponseHeaders["x-ms-resource-unit"]);
    }

    [Fact]
    public async Task A_parallel_burst_gets_exactly_the_quota_through()
    {
        var graph = Admin();
        var attempts = Enumerable.Range(0, 20).Select(async i =>
        {
            try
            {
                await graph.Users.PostAsync(NewUser($"p{i}@fabrikam.com", null));
                return 201;
            }
            catch (ODataError e)
            {
                return e.ResponseStatusCode;
            }
        });
        var statuses = await Task.WhenAll(attempts);
        Assert.Equal(5, statuses.Count(s => s == 201));
        Assert.Equal(15, statuses.Count(s => s == 429));
        Assert.Equal(5, Server.Users.Count);
    }
}

using System.Net;
using System.Text.Json.Nodes;
using IdpFederation.Tests.Server;
using IdpFederation.Tests.State;

namespace IdpFederation.Tests.Telemetry;

/// <summary>
/// With sessions in Redis, the scrape after a real sign-in times the store calls a sign-in makes, by operation, and no
/// label carries a Redis key (which holds user names and addresses).
/// </summary>
[Trait("Kind", "Integration")]
public sealed class RedisMetricsServerTests : IRequiresRedis
{
    [StateFact]
    public async Task Store_calls_of_a_sign_in_are_timed_by_operation()
    {
        var prefix = RedisTestEnvironment.UniquePrefix("otel");
        using var environment = new TestIdpEnvironment(config =>
            config["Idp"]!["State"] = new JsonObject { ["Redis"] = RedisTestEnvironment.RequireEndpoint(), ["KeyPrefix"] = prefix });
        await using (var directory = await TestDirectory.OpenAsync(environment))
        {
            await directory.AddUserAsync("alice@contoso.com", IdpServerFixture.Password);
        }

        await using var server = await IdpServerProcess.StartAsync(environment);
        using var browser = new BrowserClient(environment.BaseUrl);
        var posted = await WsFederationClient.SignInAsync(browser, "alice@contoso.com", IdpServerFixture.Password);
        Assert.True(posted.Field("wresult") is not null, posted.Html);

        using var http = new HttpClient();
        using var response = await http.GetAsync(server.ManagementUrl + "/metrics");
        var text = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var samples = PrometheusScrape.Parse(text);

        foreach (var operation in new[] { "pending.save", "pending.get", "session.create", "session.touch", "counter.reserve" })
        {
            Assert.True(samples.Any(s => s.Name == "idpfed_redis_duration_seconds_count" && s.Labels.GetValueOrDefault("operation") == operation && s.Value >= 1),
                $"no idpfed_redis_duration_seconds_count for {operation}:\n{text}");
        }

        Assert.DoesNotContain(samples, s => s.Name == "idpfed_redis_errors_total" && s.Value > 0);
        Assert.DoesNotContain(samples, s => s.Labels.Values.Any(v => v.Contains("alice", StringComparison.OrdinalIgnoreCase) || v.Contains(prefix, StringComparison.Ordinal)));
    }
}

using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using IdpFederation.Core.Sessions;
using IdpFederation.Infrastructure.State.Redis;
using IdpFederation.Tests.Server;
using IdpFederation.Tests.State;
using StackExchange.Redis;

namespace IdpFederation.Tests.MultiInstance;

/// <summary>
/// Redis killed in the middle of a test, under a running server: requests that need it fail fast with the 503 page,
/// readiness fails while liveness holds, and when Redis is back the same process signs in again and the session
/// recorded before the outage is intact.
/// </summary>
[Trait("Kind", "Integration")]
public sealed class RedisOutageTests : IRequiresRedis
{
    private const string Password = "Correct horse battery 1!";
    private const string User = "alice@contoso.com";
    /// <summary>
    /// While disconnected a call fails at once (BacklogPolicy.FailFast), and one sent just before the kill waits at most
    /// the 1 s of Idp:State:OperationTimeout; StackExchange.Redis's default would wait 5 s. Under 4.5 s leaves 3.5 s for
    /// a loaded machine to render the page.
    /// </summary>
    private static readonly TimeSpan FailFast = TimeSpan.FromSeconds(4.5);

    [StateFact]
    public async Task With_Redis_down_requests_get_503_fast_and_after_it_returns_sign_in_works_without_a_restart()
    {
        await using var redis = new RedisServerProcess();
        await redis.StartAsync();
        var prefix = RedisTestEnvironment.UniquePrefix(nameof(RedisOutageTests));
        using var environment = new TestIdpEnvironment(config =>
            config["Idp"]!["State"] = new JsonObject { ["Redis"] = redis.Endpoint, ["KeyPrefix"] = prefix, ["OperationTimeout"] = "00:00:01" });
        await using (var directory = await TestDirectory.OpenAsync(environment))
        {
            await directory.AddUserAsync(User, Password);
        }

        await using var server = await IdpServerProcess.StartAsync(environment);
        using var health = new HttpClient { BaseAddress = new Uri(environment.ManagementUrl), Timeout = TimeSpan.FromSeconds(30) };
        Assert.Equal(HttpStatusCode.OK, (await health.GetAsync("/health/ready")).StatusCode);

        using var browser = new BrowserClient(environment.BaseUrl);
        Assert.NotNull(WsFederationClient.ParseWresult(await WsFederationClient.SignInAsync(browser, User, Password)));
        var sessionId = browser.Cookies.GetCookies(new Uri(environment.BaseUrl))["idpfed.session"]!.Value;
        using var inspector = RedisTestEnvironment.Connect(prefix, endpoint: redis.Endpoint);
        var sessionKey = inspector.Keys.Session(SessionIds.StorageKey(sessionId));
        var before = await StoredFieldsAsync(inspector, sessionKey);
        Assert.Contains("r", before.Keys);

        redis.Kill();

        // With a session (the SSO path) and without one (a new sign-in): both need Redis, both fail fast.
        var sso = await TimedAsync(() => browser.GetAsync(WsFederationClient.SignInUrl("during-outage"), followRedirects: false));
        AssertTemporarilyUnavailable(sso);
        using (var stranger = new BrowserClient(environment.BaseUrl))
        {
            AssertTemporarilyUnavailable(await TimedAsync(() => stranger.GetAsync(WsFederationClient.SignInUrl(), followRedirects: false)));
        }

        var ready = await TimedAsync(() => health.GetAsync("/health/ready"));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        var report = JsonNode.Parse(await ready.Content.ReadAsStringAsync())!;
        Assert.Equal("Unhealthy", (string?)report["checks"]!["state"]!["status"]);
        Assert.Equal("Healthy", (string?)report["checks"]!["directory"]!["status"]);
        Assert.Equal(HttpStatusCode.OK, (await TimedAsync(() => health.GetAsync("/health/live"))).StatusCode);

        await redis.StartAsync();

        await WaitUntilReadyAsync(health);
        // The session made before the outage survived it (append-only file) and serves SSO again, in the same process.
        var resumed = await browser.GetAsync(WsFederationClient.SignInUrl("after-outage"), followRedirects: false);
        Assert.True(resumed.Status == HttpStatusCode.OK, $"expected a token after Redis returned, got {(int)resumed.Status}:\n{resumed.Html}\n{server.Output}");
        Assert.Equal("after-outage", resumed.Field("wctx"));
        Assert.NotNull(WsFederationClient.ParseWresult(resumed));

        var after = await StoredFieldsAsync(inspector, sessionKey);
        Assert.Equal(before["r"], after["r"]);
        Assert.Equal(before["a"], after["a"]);
        Assert.Equal(before["p"], after["p"]);
        Assert.True(long.Parse(after["l"]) >= long.Parse(before["l"]));

        using var newcomer = new BrowserClient(environment.BaseUrl);
        Assert.NotNull(WsFederationClient.ParseWresult(await WsFederationClient.SignInAsync(newcomer, User, Password)));
    }

    private static void AssertTemporarilyUnavailable(Page page)
    {
        Assert.True(page.Status == HttpStatusCode.ServiceUnavailable, $"expected 503, got {(int)page.Status}:\n{page.Html}");
        Assert.Equal("IDPF9503", page.Text("#error-code"));
        Assert.True(page.Headers.ContainsKey("Retry-After"), "no Retry-After header");
        Assert.Null(page.Field("wresult"));
    }

    private static async Task<T> TimedAsync<T>(Func<Task<T>> request)
    {
        var watch = Stopwatch.StartNew();
        var result = await request();
        Assert.True(watch.Elapsed < FailFast, $"answered after {watch.Elapsed.TotalMilliseconds:F0} ms; must fail fast (< {FailFast.TotalSeconds} s)");
        return result;
    }

    private static async Task WaitUntilReadyAsync(HttpClient health)
    {
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < TimeSpan.FromSeconds(30))
        {
            using var response = await health.GetAsync("/health/ready");
            if (response.StatusCode == HttpStatusCode.OK)
            {
                return;
            }

            await Task.Delay(250);
        }

        Assert.Fail("/health/ready did not return to 200 within 30 s of Redis coming back");
    }

    private static async Task<Dictionary<string, string>> StoredFieldsAsync(RedisConnection redis, RedisKey key)
    {
        // The inspector's own connection reconnects by itself too; give it a moment after the restart.
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                var fields = await redis.Database.HashGetAllAsync(key);
                return fields.ToDictionary(f => (string)f.Name!, f => (string)f.Value!);
            }
            catch (RedisConnectionException) when (attempt < 40)
            {
                await Task.Delay(250);
            }
        }
    }
}

using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using IdpFederation.Core.Sessions;
using IdpFederation.Tests.Server;
using StackExchange.Redis;

namespace IdpFederation.Tests.State.Tls;

/// <summary>
/// The real server against a Redis that speaks TLS only and takes only its ACL user: Idp:State:RedisUser, the password
/// in Idp:State:RedisPasswordFile, Idp:State:RedisTls and Idp:State:RedisCaFile, as a production Redis needs. A sign-in
/// lands its session in that Redis; a wrong password or a server certificate from another CA stops start-up with one
/// line that says which, and the password shows up nowhere in what the server prints or serves.
/// </summary>
[Trait("Kind", "Integration")]
public sealed class RedisTlsAclTests : IRequiresRedis
{
    private const string Password = "Correct horse battery 1!";
    private const string User = "alice@contoso.com";
    private static readonly TimeSpan ExitWithin = TimeSpan.FromSeconds(120);

    [StateFact]
    public async Task A_sign_in_through_an_ACL_user_over_TLS_stores_its_session_in_that_Redis_and_no_output_holds_the_password()
    {
        var prefix = RedisTestEnvironment.UniquePrefix(nameof(RedisTlsAclTests));
        await using var redis = new RedisTlsServerProcess(prefix);
        await redis.StartAsync();
        using var environment = Configure(redis, redis.CaFile, redis.Password);
        await using (var directory = await TestDirectory.OpenAsync(environment))
        {
            await directory.AddUserAsync(User, Password);
        }

        await using var server = await IdpServerProcess.StartAsync(environment);
        using var browser = new BrowserClient(environment.BaseUrl);
        Assert.NotNull(WsFederationClient.ParseWresult(await WsFederationClient.SignInAsync(browser, User, Password)));

        var sessionId = browser.Cookies.GetCookies(new Uri(environment.BaseUrl))["idpfed.session"]!.Value;
        using var admin = await redis.ConnectAdminAsync();
        var stored = await admin.GetDatabase().HashGetAllAsync(prefix + "session:" + SessionIds.StorageKey(sessionId));
        Assert.Contains(stored, field => field.Name == "r");
        Assert.True(await admin.GetDatabase().ListLengthAsync(prefix + "dataprotection:keys") > 0, "the key ring is not in the TLS Redis");

        using var health = new HttpClient { BaseAddress = new Uri(environment.ManagementUrl) };
        var details = await health.GetStringAsync("/health/ready");
        Assert.Equal("Healthy", (string?)JsonNode.Parse(details)!["checks"]!["state"]!["status"]);
        Assert.DoesNotContain(redis.Password, details + server.Output, StringComparison.Ordinal);
    }

    [StateFact]
    public async Task When_Redis_no_longer_accepts_the_password_the_node_turns_not_ready_without_showing_the_password()
    {
        var prefix = RedisTestEnvironment.UniquePrefix(nameof(RedisTlsAclTests));
        await using var redis = new RedisTlsServerProcess(prefix);
        await redis.StartAsync();
        using var environment = Configure(redis, redis.CaFile, redis.Password);
        await using var server = await IdpServerProcess.StartAsync(environment);

        // A password rotated on Redis but not yet on the IdP: drop the old one and the connections that used it.
        using (var admin = await redis.ConnectAdminAsync())
        {
            await admin.GetDatabase().ExecuteAsync("ACL", "SETUSER", RedisTlsServerProcess.User, "resetpass", ">rotated-" + Guid.NewGuid().ToString("N"));
            await admin.GetDatabase().ExecuteAsync("CLIENT", "KILL", "USER", RedisTlsServerProcess.User);
        }

        using var health = new HttpClient { BaseAddress = new Uri(environment.ManagementUrl), Timeout = TimeSpan.FromSeconds(30) };
        var ready = HttpStatusCode.OK;
        var description = "";
        var watch = Stopwatch.StartNew();
        while (ready == HttpStatusCode.OK && watch.Elapsed < TimeSpan.FromSeconds(60))
        {
            await Task.Delay(250);
            using var response = await health.GetAsync("/health/ready");
            ready = response.StatusCode;
            description = (string?)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["checks"]!["state"]!["description"] ?? "";
        }

        // The client reports the dropped connection, and its later refused attempts only as that (see README): the
        // precise "did not accept user" line is what start-up prints (the test below).
        Assert.True(ready == HttpStatusCode.ServiceUnavailable, $"still ready 60 s after the password changed: {description}");
        Assert.StartsWith("Redis did not answer: ", description, StringComparison.Ordinal);
        Assert.DoesNotContain(redis.Password, description + server.Output, StringComparison.Ordinal);
    }

    [StateFact]
    public async Task A_wrong_password_stops_start_up_with_one_line_naming_the_user_and_not_the_password()
    {
        await using var redis = new RedisTlsServerProcess(RedisTestEnvironment.UniquePrefix(nameof(RedisTlsAclTests)));
        await redis.StartAsync();
        var wrong = "wrong-" + redis.Password;
        using var environment = Configure(redis, redis.CaFile, wrong);

        var (line, everything) = await StartExpectingRefusalAsync(environment);

        Assert.Equal("IdpFederation cannot start: the configuration is invalid. Idp:State: Redis refused the connection: Redis did not accept " +
            $"user '{RedisTlsServerProcess.User}' with the configured password (wrong user name or password, or the user is disabled); check " +
            "Idp:State:RedisUser and the password in Idp:State:RedisPasswordFile or IDPFED_REDIS_PASSWORD.", line);
        Assert.DoesNotContain(wrong, everything, StringComparison.Ordinal);
        Assert.DoesNotContain(redis.Password, everything, StringComparison.Ordinal);
    }

    [StateFact]
    public async Task A_server_certificate_from_another_CA_is_refused_at_start_up_naming_the_CA_file()
    {
        await using var redis = new RedisTlsServerProcess(RedisTestEnvironment.UniquePrefix(nameof(RedisTlsAclTests)));
        await redis.StartAsync();
        using var other = new TestCertificateAuthority("Some Other CA");
        var otherCa = Path.Combine(Path.GetDirectoryName(redis.CaFile)!, "other-ca.crt");
        other.WriteCertificate(otherCa);
        using var environment = Configure(redis, otherCa, redis.Password);

        var (line, everything) = await StartExpectingRefusalAsync(environment);

        Assert.StartsWith("IdpFederation cannot start: the configuration is invalid. Idp:State: Redis refused the connection: TLS refused: the server " +
            "certificate 'CN=redis.test' does not chain to the CA in Idp:State:RedisCaFile (", line, StringComparison.Ordinal);
        Assert.DoesNotContain(redis.Password, everything, StringComparison.Ordinal);
    }

    /// <summary>
    /// Idp:State for this Redis. The CA and the password go into the config directory under relative names, as an
    /// operator would mount them; the password only ever in its file.
    /// </summary>
    private static TestIdpEnvironment Configure(RedisTlsServerProcess redis, string caFile, string password)
    {
        var environment = new TestIdpEnvironment(config => config["Idp"]!["State"] = new JsonObject
        {
            ["Redis"] = redis.Endpoint,
            ["KeyPrefix"] = redis.KeyPrefix,
            ["RedisUser"] = RedisTlsServerProcess.User,
            ["RedisPasswordFile"] = "secrets/redis.password",
            ["RedisTls"] = true,
            ["RedisCaFile"] = "redis-ca.crt",
            ["OperationTimeout"] = "00:00:05",
        });
        System.IO.Directory.CreateDirectory(Path.Combine(environment.ConfigDirectory, "secrets"));
        File.WriteAllText(Path.Combine(environment.ConfigDirectory, "secrets", "redis.password"), password + "\n");
        File.Copy(caFile, Path.Combine(environment.ConfigDirectory, "redis-ca.crt"));
        return environment;
    }

    /// <summary>Starts the server as a deployment would; it must exit 1 with one line on stderr and no stack trace.</summary>
    private static async Task<(string Line, string Everything)> StartExpectingRefusalAsync(TestIdpEnvironment environment)
    {
        var run = await IdpServerProcess.RunUntilExitAsync(environment, environment.BaseUrl, ExitWithin);
        var everything = $"stdout:\n{run.Stdout}\nstderr:\n{run.Stderr}";
        Assert.True(run.ExitCode == 1, $"exit code {run.ExitCode}, expected 1\n{everything}");
        Assert.DoesNotContain("   at ", everything, StringComparison.Ordinal);
        var lines = run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.True(lines.Length == 1, $"expected one line on stderr, got {lines.Length}\n{everything}");
        return (lines[0], everything);
    }
}

using IdpFederation.Core.Configuration;
using IdpFederation.Core.Sessions;
using IdpFederation.Infrastructure.State.Redis;
using IdpFederation.Tests.CoreLayer;
using IdpFederation.Tests.State;

namespace IdpFederation.Tests.Cli;

/// <summary>
/// idpfed session list|revoke, and user disable|delete ending sessions, against a real Redis: sessions are made
/// through the server's <see cref="RedisSessionStore"/>, managed through the CLI, and checked in the store again.
/// </summary>
[Trait("Kind", "Integration")]
public sealed class SessionCommandTests : IRequiresRedis, IAsyncLifetime
{
    private const string Alice = "alice@contoso.com";
    private const string Bob = "bob@contoso.com";

    private readonly string _prefix = RedisTestEnvironment.UniquePrefix(nameof(SessionCommandTests));
    private CliTestHost? _cli;
    private RedisConnection? _redis;

    private CliTestHost Cli => _cli ??= new CliTestHost(idp => idp["State"] = new System.Text.Json.Nodes.JsonObject
    {
        ["Redis"] = RedisTestEnvironment.RequireEndpoint(),
        ["KeyPrefix"] = _prefix,
    });

    private RedisConnection Redis => _redis ??= RedisTestEnvironment.Connect(_prefix);

    private RedisSessionStore Store => new(Redis, new TestOptionsMonitor<IdpOptions>(CoreTestFactory.DefaultOptions()), TimeProvider.System);

    public Task InitializeAsync() => Task.CompletedTask;

    [StateFact]
    public async Task List_shows_each_live_session_by_the_start_of_its_stored_hash()
    {
        var first = await CreateSessionAsync(Alice, "203.0.113.7");
        var second = await CreateSessionAsync(Alice, "198.51.100.9");
        await Store.AddRelyingPartyAsync(second.Id, "urn:federation:MicrosoftOnline");
        await CreateSessionAsync(Bob, "192.0.2.1");

        var text = (await Cli.RunAsync("session", "list", "--user", Alice)).Succeeded().Stdout;
        var json = (await Cli.RunAsync("session", "list", "--user", "ALICE@contoso.com", "--json")).Succeeded().Json.AsArray();

        Assert.StartsWith("ID  ", text, StringComparison.Ordinal);
        Assert.Contains("LAST SEEN", text, StringComparison.Ordinal);
        Assert.Contains(ShownId(first), text, StringComparison.Ordinal);
        Assert.Contains("203.0.113.7", text, StringComparison.Ordinal);
        Assert.Contains("urn:federation:MicrosoftOnline", text, StringComparison.Ordinal);
        Assert.DoesNotContain("192.0.2.1", text, StringComparison.Ordinal);
        Assert.DoesNotContain(first.Id, text, StringComparison.Ordinal);
        Assert.Equal(2, json.Count);
        var listed = json.Single(s => (string?)s!["id"] == ShownId(second))!;
        Assert.Equal("198.51.100.9", (string?)listed["clientIp"]);
        Assert.Equal(["urn:federation:MicrosoftOnline"], listed["relyingParties"]!.AsArray().Select(r => (string?)r));
        Assert.NotNull(listed["createdAt"]);
        Assert.NotNull(listed["lastSeenAt"]);
    }

    [StateFact]
    public async Task List_says_so_when_the_user_has_no_sessions()
    {
        var result = (await Cli.RunAsync("session", "list", "--user", Bob)).Succeeded();

        Assert.Equal($"{Bob} has no live sessions.", result.Stdout.Trim());
    }

    [StateFact]
    public async Task Revoke_ends_every_session_of_the_user_and_only_theirs()
    {
        var first = await CreateSessionAsync(Alice, "203.0.113.7");
        var second = await CreateSessionAsync(Alice, "203.0.113.8");
        var other = await CreateSessionAsync(Bob, "192.0.2.1");

        var result = (await Cli.RunAsync("session", "revoke", "--user", Alice)).Succeeded();

        Assert.Equal($"Ended 2 sessions of {Alice} on every instance.", result.Stdout.Trim());
        Assert.Null(await Store.GetAndTouchAsync(first.Id));
        Assert.Null(await Store.GetAndTouchAsync(second.Id));
        Assert.NotNull(await Store.GetAndTouchAsync(other.Id));
        Assert.Empty(await Store.ListForUserAsync(Alice));
        Assert.Contains("Ended 0 sessions", (await Cli.RunAsync("session", "revoke", "--user", Alice)).Succeeded().Stdout, StringComparison.Ordinal);
    }

    [StateFact]
    public async Task Disabling_a_user_ends_their_sessions_and_says_so()
    {
        (await Cli.RunAsync("user", "add", Alice)).Succeeded();
        var session = await CreateSessionAsync(Alice, "203.0.113.7");

        var result = (await Cli.RunAsync("user", "disable", Alice)).Succeeded();

        Assert.Equal($"{Alice} is disabled. Ended 1 session on every instance.", result.Stdout.Trim());
        Assert.Null(await Store.GetAndTouchAsync(session.Id));
        Assert.Equal($"{Alice} is enabled.", (await Cli.RunAsync("user", "enable", Alice)).Succeeded().Stdout.Trim());
    }

    [StateFact]
    public async Task Deleting_a_user_ends_their_sessions_and_says_so()
    {
        (await Cli.RunAsync("user", "add", Alice)).Succeeded();
        var session = await CreateSessionAsync(Alice, "203.0.113.7");

        var result = (await Cli.RunAsync("user", "delete", Alice)).Succeeded();

        Assert.Equal($"Deleted {Alice}. Ended 1 session on every instance.", result.Stdout.Trim());
        Assert.Null(await Store.GetAndTouchAsync(session.Id));
    }

    private async Task<SsoSession> CreateSessionAsync(string upn, string clientIp)
    {
        var now = DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        var session = new SsoSession
        {
            Id = SessionIds.NewId(),
            UserPrincipalName = upn,
            CreatedAt = now,
            AuthenticatedAt = now,
            AuthenticationMethod = "urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport",
            LastSeenAt = now,
            ExpiresAt = now.AddHours(8),
            ClientIp = clientIp,
        };
        await Store.CreateAsync(session);
        return session;
    }

    private static string ShownId(SsoSession session) => SessionIds.StorageKey(session.Id)[..16];

    public async Task DisposeAsync()
    {
        _cli?.Dispose();
        if (_redis is not null)
        {
            await RedisTestEnvironment.DeleteKeysAsync(_redis.Database, _prefix);
            _redis.Dispose();
        }
    }
}

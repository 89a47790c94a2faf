using System.Text.Json.Nodes;
using IdpFederation.Core.Configuration;
using IdpFederation.Core.Sessions;
using IdpFederation.Infrastructure.State.Redis;
using IdpFederation.Tests.CoreLayer;
using IdpFederation.Tests.State;

namespace IdpFederation.Tests.Cli;

/// <summary>mfa reset ends the user's sessions like user disable does: against a real Redis, and with one that is down.</summary>
[Trait("Kind", "Integration")]
public sealed class MfaResetSessionTests : IRequiresRedis, IAsyncLifetime
{
    private const string Alice = "alice@contoso.com";
    private const string Bob = "bob@contoso.com";

    private readonly string _prefix = RedisTestEnvironment.UniquePrefix(nameof(MfaResetSessionTests));
    private CliTestHost? _cli;
    private RedisConnection? _redis;

    private CliTestHost Cli => _cli ??= new CliTestHost(idp => idp["State"] = new JsonObject
    {
        ["Redis"] = RedisTestEnvironment.RequireEndpoint(),
        ["KeyPrefix"] = _prefix,
    });

    private RedisConnection Redis => _redis ??= RedisTestEnvironment.Connect(_prefix);

    private RedisSessionStore Store => new(Redis, new TestOptionsMonitor<IdpOptions>(CoreTestFactory.DefaultOptions()), TimeProvider.System);

    public Task InitializeAsync() => Task.CompletedTask;

    [StateFact]
    public async Task Reset_ends_the_users_sessions_on_every_instance()
    {
        await Cli.AddEnrolledUserAsync(Alice, DateTimeOffset.UtcNow, "h1");
        var alices = await CreateSessionAsync(Alice);
        var bobs = await CreateSessionAsync(Bob);

        var result = (await Cli.RunAsync("mfa", "reset", Alice)).Succeeded();

        Assert.Equal($"MFA enrolment and remembered devices removed for {Alice}. Ended 1 session on every instance.", result.Stdout.Trim());
        Assert.Null(await Store.GetAndTouchAsync(alices.Id));
        Assert.NotNull(await Store.GetAndTouchAsync(bobs.Id));
    }

    [Fact]
    public async Task Reset_with_Redis_down_keeps_the_reset_and_says_how_to_finish()
    {
        using var cli = new CliTestHost(idp => idp["State"] = new JsonObject
        {
            ["Redis"] = "127.0.0.1:1",
            ["OperationTimeout"] = "00:00:00.200",
        });
        await cli.AddEnrolledUserAsync(Alice, DateTimeOffset.UtcNow, "h1");

        var result = await cli.RunAsync("mfa", "reset", Alice);

        result.FailedWith(1, $"MFA enrolment and remembered devices removed for {Alice}, but their sessions were not ended");
        Assert.Contains($"idpfed session revoke --user {Alice}", result.Stderr, StringComparison.Ordinal);
        Assert.False((bool?)(await cli.RunAsync("mfa", "status", Alice, "--json")).Succeeded().Json["enrolled"]);
    }

    private async Task<SsoSession> CreateSessionAsync(string upn)
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
            ClientIp = "203.0.113.7",
        };
        await Store.CreateAsync(session);
        return session;
    }

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

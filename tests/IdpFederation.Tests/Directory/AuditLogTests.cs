using IdpFederation.Core.Auditing;

namespace IdpFederation.Tests.Directory;

/// <summary>EfAuditLog, run once per engine. Each test filters on its own username because the database is shared.</summary>
public abstract class AuditLogTests<TFixture> : IClassFixture<TFixture> where TFixture : DirectoryDatabaseFixture
{
    private static readonly DateTimeOffset Base = new(2026, 3, 1, 12, 0, 0, 123, TimeSpan.Zero);
    private readonly TFixture _fixture;

    protected AuditLogTests(TFixture fixture) => _fixture = fixture;

    private IAuditLog Log => _fixture.AuditLog;

    private static string NewUsername() => $"audit{Guid.NewGuid():N}@contoso.com";

    private static AuditEvent Event(string username, DateTimeOffset at, string outcome = AuditOutcomes.Success) => new()
    {
        Timestamp = at,
        EventType = AuditEventTypes.SignIn,
        Username = username,
        RelyingParty = "urn:federation:MicrosoftOnline",
        ClientIp = "203.0.113.7",
        Outcome = outcome,
        Reason = outcome == AuditOutcomes.Success ? null : "BadPassword",
        CorrelationId = Guid.NewGuid().ToString(),
    };

    [DatabaseFact]
    public async Task Events_round_trip_every_field()
    {
        var written = Event(NewUsername(), Base.ToOffset(TimeSpan.FromHours(2)), AuditOutcomes.Failure);
        await Log.WriteAsync(written);

        var read = Assert.Single(await Log.QueryAsync(new AuditQuery { Username = written.Username }));

        Assert.Equal(written, read with { Timestamp = read.Timestamp });
        Assert.Equal(written.Timestamp.UtcDateTime, read.Timestamp.UtcDateTime);
        Assert.Equal(TimeSpan.Zero, read.Timestamp.Offset);
    }

    [DatabaseFact]
    public async Task Query_returns_newest_first_and_honours_the_limit()
    {
        var user = NewUsername();
        // Written out of order, across a day boundary and sub-second apart, so ordering cannot follow insertion.
        var times = new[] { Base.AddSeconds(5), Base.AddDays(-1), Base.AddMilliseconds(1), Base.AddDays(2), Base };
        foreach (var at in times)
        {
            await Log.WriteAsync(Event(user, at));
        }

        var all = await Log.QueryAsync(new AuditQuery { Username = user });
        var top2 = await Log.QueryAsync(new AuditQuery { Username = user, Limit = 2 });

        Assert.Equal(times.OrderDescending().Select(t => t.UtcDateTime), all.Select(e => e.Timestamp.UtcDateTime));
        Assert.Equal(all.Take(2), top2);
    }

    [DatabaseFact]
    public async Task Username_filter_is_case_insensitive_and_exact()
    {
        var user = NewUsername();
        await Log.WriteAsync(Event(user, Base));
        await Log.WriteAsync(Event(user.ToUpperInvariant(), Base.AddMinutes(1)));
        await Log.WriteAsync(Event("x" + user, Base.AddMinutes(2)));

        var found = await Log.QueryAsync(new AuditQuery { Username = user.ToUpperInvariant() });

        Assert.Equal(2, found.Count);
        Assert.All(found, e => Assert.Equal(user, e.Username, ignoreCase: true));
    }

    [DatabaseFact]
    public async Task Since_filter_keeps_events_at_or_after_the_instant()
    {
        var user = NewUsername();
        await Log.WriteAsync(Event(user, Base.AddHours(-2)));
        await Log.WriteAsync(Event(user, Base));
        await Log.WriteAsync(Event(user, Base.AddHours(3)));

        // The same instant expressed in another offset must select the same rows.
        var since = await Log.QueryAsync(new AuditQuery { Username = user, Since = Base.ToOffset(TimeSpan.FromHours(-5)) });

        Assert.Equal([Base.AddHours(3).UtcDateTime, Base.UtcDateTime], since.Select(e => e.Timestamp.UtcDateTime));
    }

    [DatabaseFact]
    public async Task Oversized_fields_are_clipped_rather_than_lost()
    {
        var user = NewUsername();
        var huge = new string('r', 5000);
        await Log.WriteAsync(Event(user, Base) with { Reason = huge, ClientIp = huge, CorrelationId = huge });

        var read = Assert.Single(await Log.QueryAsync(new AuditQuery { Username = user }));

        Assert.StartsWith("rrrr", read.Reason, StringComparison.Ordinal);
        Assert.True(read.Reason!.Length < huge.Length);
    }

    [DatabaseFact]
    public async Task Events_without_username_are_listed_without_a_filter()
    {
        var correlation = Guid.NewGuid().ToString();
        await Log.WriteAsync(new AuditEvent
        {
            Timestamp = DateTimeOffset.UtcNow.AddYears(5), EventType = AuditEventTypes.SignOut, Outcome = AuditOutcomes.Success, CorrelationId = correlation,
        });

        var newest = await Log.QueryAsync(new AuditQuery { Limit = 1 });

        Assert.Equal(correlation, Assert.Single(newest).CorrelationId);
    }
}

[Trait("Kind", "Integration")]
public sealed class SqliteAuditLogTests(SqliteDatabaseFixture fixture) : AuditLogTests<SqliteDatabaseFixture>(fixture);

[Trait("Kind", "Integration")]
public sealed class PostgresAuditLogTests(PostgresDatabaseFixture fixture)
    : AuditLogTests<PostgresDatabaseFixture>(fixture), IRequiresPostgres;

using IdpFederation.Core.Auditing;

namespace IdpFederation.Tests.Directory;

/// <summary>The details column (the policy's JSON view of a sign-in), run once per engine.</summary>
public abstract class AuditDetailsTests<TFixture> : IClassFixture<TFixture> where TFixture : DirectoryDatabaseFixture
{
    private const string PolicyDetails =
        """{"country":"AU","decision":"Deny","rules":["block-legacy"],"reportOnly":["geo-trial:deny"],"insideCorporateNetwork":false,"lockout":null}""";

    private readonly TFixture _fixture;

    protected AuditDetailsTests(TFixture fixture) => _fixture = fixture;

    private IAuditLog Log => _fixture.AuditLog;

    private static AuditEvent Event(string? details) => new()
    {
        Timestamp = new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero),
        EventType = AuditEventTypes.SignIn,
        Username = $"details{Guid.NewGuid():N}@contoso.com",
        Outcome = AuditOutcomes.Failure,
        Reason = "PolicyDenied",
        Details = details,
    };

    [DatabaseFact]
    public async Task Details_json_round_trips_unchanged()
    {
        var written = Event(PolicyDetails);
        await Log.WriteAsync(written);

        var read = Assert.Single(await Log.QueryAsync(new AuditQuery { Username = written.Username }));

        Assert.Equal(PolicyDetails, read.Details);
    }

    [DatabaseFact]
    public async Task Events_without_details_read_back_null()
    {
        var written = Event(null);
        await Log.WriteAsync(written);

        var read = Assert.Single(await Log.QueryAsync(new AuditQuery { Username = written.Username }));

        Assert.Null(read.Details);
    }

    [DatabaseFact]
    public async Task A_batch_keeps_each_events_own_details()
    {
        var batch = new[] { Event(PolicyDetails), Event(null), Event("""{"lockout":"unfamiliar"}""") };
        await Log.WriteManyAsync(batch);

        foreach (var written in batch)
        {
            var read = Assert.Single(await Log.QueryAsync(new AuditQuery { Username = written.Username }));
            Assert.Equal(written.Details, read.Details);
        }
    }

    [DatabaseFact]
    public async Task Details_longer_than_the_column_are_clipped_to_2048_characters()
    {
        // PostgreSQL would reject the whole row for an over-long varchar; the audit record matters more than its tail.
        var written = Event(new string('d', 3000));
        await Log.WriteAsync(written);

        var read = Assert.Single(await Log.QueryAsync(new AuditQuery { Username = written.Username }));

        Assert.Equal(2048, read.Details!.Length);
    }
}

[Trait("Kind", "Integration")]
public sealed class SqliteAuditDetailsTests(SqliteDatabaseFixture fixture) : AuditDetailsTests<SqliteDatabaseFixture>(fixture);

[Trait("Kind", "Integration")]
public sealed class PostgresAuditDetailsTests(PostgresDatabaseFixture fixture)
    : AuditDetailsTests<PostgresDatabaseFixture>(fixture), IRequiresPostgres;

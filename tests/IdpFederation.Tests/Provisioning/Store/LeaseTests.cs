using IdpFederation.Core.Provisioning;
using IdpFederation.Tests.Directory;
using Microsoft.Extensions.DependencyInjection;

namespace IdpFederation.Tests.Provisioning.Store;

/// <summary>
/// The lease under parallel bursts from two "server instances" (two service providers, each with its own connection
/// pool) on one database: exactly one holder at a time, renewal by the holder, hand-over at expiry, release.
/// </summary>
public abstract class LeaseTests<TFixture> : IClassFixture<TFixture> where TFixture : ProvisioningDatabaseFixture
{
    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(30);
    private const int Contenders = 16;
    private readonly TFixture _fixture;

    protected LeaseTests(TFixture fixture) => _fixture = fixture;

    private static string NewName() => $"test-{Guid.NewGuid():N}";

    /// <summary>Every contender tries at once, half through each instance; returns the holders that got it.</summary>
    private async Task<List<string>> BurstAsync(string name, IEnumerable<string> holders)
    {
        var instances = new[] { _fixture.Services, await _fixture.NewInstanceAsync() };
        var leases = instances.Select(i => i.GetRequiredService<IProvisioningLease>()).ToArray();
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var attempts = holders.Select((holder, i) => Task.Run(async () =>
        {
            await start.Task;
            return await leases[i % 2].TryAcquireAsync(name, holder, Duration) ? holder : null;
        })).ToList();
        start.SetResult();
        var results = await Task.WhenAll(attempts);
        return results.OfType<string>().ToList();
    }

    private static IEnumerable<string> Holders(string prefix) => Enumerable.Range(0, Contenders).Select(i => $"{prefix}-{i}");

    private IProvisioningLease Lease => _fixture.Services.GetRequiredService<IProvisioningLease>();

    [DatabaseFact]
    public async Task A_burst_of_contenders_yields_exactly_one_holder_until_it_expires()
    {
        var name = NewName();
        for (var round = 0; round < 4; round++)
        {
            var winners = await BurstAsync(name, Holders($"round{round}"));
            var holder = Assert.Single(winners);

            // Still held: every other contender is refused, the holder renews.
            Assert.Empty(await BurstAsync(name, Holders($"round{round}").Where(h => h != holder)));
            Assert.True(await Lease.TryAcquireAsync(name, holder, Duration));

            // The renewal moved the expiry: just before it nobody else gets in; at it, still held (strictly "less than").
            _fixture.Time.Advance(Duration);
            Assert.False(await Lease.TryAcquireAsync(name, "latecomer", Duration));
            _fixture.Time.Advance(TimeSpan.FromTicks(10));
        }

        // After the last round's expiry the next burst hands it over to exactly one new holder.
        Assert.Single(await BurstAsync(name, Holders("after")));
    }

    [DatabaseFact]
    public async Task Release_frees_the_lease_only_for_its_holder()
    {
        var name = NewName();
        Assert.True(await Lease.TryAcquireAsync(name, "a", Duration));

        await Lease.ReleaseAsync(name, "b");
        Assert.False(await Lease.TryAcquireAsync(name, "b", Duration));

        await Lease.ReleaseAsync(name, "a");
        var winner = Assert.Single(await BurstAsync(name, Holders("next")));
        Assert.StartsWith("next-", winner, StringComparison.Ordinal);
        Assert.False(await Lease.TryAcquireAsync(name, "a", Duration));
    }

    [DatabaseFact]
    public async Task Leases_with_different_names_are_independent()
    {
        var first = NewName();
        var second = NewName();

        Assert.True(await Lease.TryAcquireAsync(first, "a", Duration));
        Assert.True(await Lease.TryAcquireAsync(second, "b", Duration));
        Assert.False(await Lease.TryAcquireAsync(first, "b", Duration));
        Assert.False(await Lease.TryAcquireAsync(second, "a", Duration));
    }

    [DatabaseFact]
    public async Task Bad_arguments_are_refused_before_the_database()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Lease.TryAcquireAsync("", "a", Duration));
        await Assert.ThrowsAsync<ArgumentException>(() => Lease.TryAcquireAsync(NewName(), new string('h', 257), Duration));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Lease.TryAcquireAsync(NewName(), "a", TimeSpan.Zero));
    }
}

[Trait("Kind", "Integration")]
public sealed class SqliteLeaseTests(SqliteProvisioningFixture fixture) : LeaseTests<SqliteProvisioningFixture>(fixture);

[Trait("Kind", "Integration")]
public sealed class PostgresLeaseTests(PostgresProvisioningFixture fixture) : LeaseTests<PostgresProvisioningFixture>(fixture), IRequiresPostgres;

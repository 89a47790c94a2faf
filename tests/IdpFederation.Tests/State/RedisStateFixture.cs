using IdpFederation.Infrastructure.State.Redis;

namespace IdpFederation.Tests.State;

/// <summary>
/// One connection and one key prefix per test class on the shared test Redis. Tests of a class run one at a time,
/// so each starts by clearing the prefix; classes run in parallel and never see each other's keys.
/// </summary>
public sealed class RedisStateFixture : IAsyncLifetime
{
    private RedisConnection? _connection;

    public string Prefix { get; } = RedisTestEnvironment.UniquePrefix("state");

    /// <summary>Connected on first use, so a missing IDPFED_TEST_REDIS fails each test with the reason.</summary>
    public RedisConnection Connection => _connection ??= RedisTestEnvironment.Connect(Prefix);

    /// <summary>A second client, as another IdP instance would have; the caller disposes it.</summary>
    public RedisConnection ConnectAnotherInstance() => RedisTestEnvironment.Connect(Prefix);

    public Task ClearAsync() => RedisTestEnvironment.DeleteKeysAsync(Connection.Database, Prefix);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_connection is not null)
        {
            await ClearAsync();
            _connection.Dispose();
        }
    }
}

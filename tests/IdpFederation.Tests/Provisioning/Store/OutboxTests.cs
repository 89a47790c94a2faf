using IdpFederation.Core.Directory;
using IdpFederation.Core.Provisioning;
using IdpFederation.Tests.Directory;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace IdpFederation.Tests.Provisioning.Store;

/// <summary>
/// The outbox is written by the directory in the same transaction as each change Microsoft 365 must see, only while a
/// tenant has live mode on, and drained oldest first. Run once per engine; the class's tests share one database.
/// </summary>
public abstract class OutboxTests<TFixture> : IClassFixture<TFixture>, IAsyncLifetime where TFixture : ProvisioningDatabaseFixture
{
    private readonly TFixture _fixture;

    protected OutboxTests(TFixture fixture) => _fixture = fixture;

    private IUserDirectory Directory => _fixture.Directory;

    private IProvisioningOutbox Outbox => _fixture.Services.GetRequiredService<IProvisioningOutbox>();

    private static string NewUpn() => $"outbox{Guid.NewGuid():N}@contoso.com";

    public async Task InitializeAsync()
    {
        _fixture.SetLiveMode(true);
        await _fixture.ClearOutboxAsync();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<IReadOnlyList<OutboxEntry>> AllAsync() => await Outbox.ListDueAsync(1000, DateTimeOffset.MaxValue);

    [DatabaseFact]
    public async Task Every_change_microsoft_365_sees_records_one_row_and_a_password_change_none()
    {
        var upn = NewUpn();
        var user = await Directory.CreateAsync(new NewUser { UserPrincipalName = upn, Roles = ["Staff"] });
        await Directory.UpdateAsync(upn, new UserUpdate(DisplayName: "New Name"));
        await Directory.UpdateAsync(upn, new UserUpdate(DisplayName: "New Name", UsageLocation: null));
        await Directory.UpdateAsync(upn, new UserUpdate(UsageLocation: "au"));
        await Directory.SetEnabledAsync(upn, false);
        await Directory.SetEnabledAsync(upn, false);
        await Directory.SetEnabledAsync(upn, true);
        await Directory.AddRoleMemberAsync("Sales", upn);
        await Directory.AddRoleMemberAsync("Sales", upn);
        await Directory.RemoveRoleMemberAsync("Staff", upn);
        await Directory.SetPasswordAsync(upn, "Correct horse battery 1!");
        await Directory.DeleteAsync(upn.ToUpperInvariant());

        var rows = await AllAsync();

        Assert.Equal(
            [OutboxChange.UserCreated, OutboxChange.UserChanged, OutboxChange.UserChanged, OutboxChange.UserDisabled, OutboxChange.UserEnabled,
                OutboxChange.RoleMembershipChanged, OutboxChange.RoleMembershipChanged, OutboxChange.UserDeleted],
            rows.Select(r => r.Change));
        Assert.All(rows, r =>
        {
            Assert.Equal(user.Id, r.UserId);
            Assert.Equal(upn, r.UserPrincipalName);
            Assert.Equal(user.ImmutableId, r.ImmutableId);
            Assert.Equal(0, r.Attempts);
            Assert.Null(r.LastError);
            Assert.Equal(_fixture.Time.GetUtcNow(), r.CreatedAt);
        });
        Assert.Null(await Directory.FindByUpnAsync(upn));
        Assert.Equal(rows.Count, await Outbox.CountAsync());
    }

    [DatabaseFact]
    public async Task Without_a_live_mode_tenant_nothing_is_recorded()
    {
        _fixture.SetLiveMode(false);
        var upn = NewUpn();

        await Directory.CreateAsync(new NewUser { UserPrincipalName = upn });
        await Directory.UpdateAsync(upn, new UserUpdate(DisplayName: "Quiet"));
        await Directory.SetEnabledAsync(upn, false);
        await Directory.AddRoleMemberAsync("Staff", upn);
        await Directory.DeleteAsync(upn);

        Assert.Equal(0, await Outbox.CountAsync());

        // Read at each write: turning live mode back on records the next change without a restart.
        _fixture.SetLiveMode(true);
        await Directory.CreateAsync(new NewUser { UserPrincipalName = upn });
        Assert.Equal([OutboxChange.UserCreated], (await AllAsync()).Select(r => r.Change));
    }

    [DatabaseFact]
    public async Task A_change_that_fails_records_nothing()
    {
        var upn = NewUpn();
        await Directory.CreateAsync(new NewUser { UserPrincipalName = upn });
        await _fixture.ClearOutboxAsync();

        await Assert.ThrowsAsync<DirectoryException>(() => Directory.CreateAsync(new NewUser { UserPrincipalName = upn }));
        await Assert.ThrowsAsync<DirectoryException>(() => Directory.UpdateAsync(upn, new UserUpdate(UsageLocation: "Australia")));
        await Assert.ThrowsAsync<DirectoryException>(() => Directory.UpdateAsync(upn, new UserUpdate(UsageLocation: "")));
        await Assert.ThrowsAsync<DirectoryException>(() => Directory.RemoveRoleMemberAsync("Nobody", upn));
        await Assert.ThrowsAsync<DirectoryException>(() => Directory.SetEnabledAsync(NewUpn(), false));
        await Assert.ThrowsAsync<DirectoryException>(() => Directory.DeleteAsync(NewUpn()));

        Assert.Equal(0, await Outbox.CountAsync());
    }

    [DatabaseFact]
    public async Task A_failed_outbox_row_undoes_the_change()
    {
        var existing = NewUpn();
        await Directory.CreateAsync(new NewUser { UserPrincipalName = existing, DisplayName = "Before", Roles = ["Staff"] });
        var created = NewUpn();

        await using (await _fixture.BlockOutboxInsertsAsync())
        {
            await Assert.ThrowsAsync<DbUpdateException>(() => Directory.CreateAsync(new NewUser { UserPrincipalName = created }));
            await Assert.ThrowsAsync<DbUpdateException>(() => Directory.UpdateAsync(existing, new UserUpdate(DisplayName: "After")));
            await Assert.ThrowsAsync<DbUpdateException>(() => Directory.SetEnabledAsync(existing, false));
            await Assert.ThrowsAsync<DbUpdateException>(() => Directory.AddRoleMemberAsync("Sales", existing));
            await Assert.ThrowsAsync<DbUpdateException>(() => Directory.RemoveRoleMemberAsync("Staff", existing));
            await Assert.ThrowsAsync<DbUpdateException>(() => Directory.DeleteAsync(existing));
        }

        Assert.Null(await Directory.FindByUpnAsync(created));
        var user = await Directory.FindByUpnAsync(existing);
        Assert.NotNull(user);
        Assert.Equal("Before", user.DisplayName);
        Assert.True(user.Enabled);
        Assert.Equal(["Staff"], user.Roles);
        Assert.DoesNotContain(await Directory.ListRolesAsync(), r => r.Name == "Sales");
    }

    [DatabaseFact]
    public async Task Due_rows_come_oldest_first_and_defer_counts_the_attempt_until_complete_removes_them()
    {
        var start = _fixture.Time.GetUtcNow();
        var first = NewUpn();
        var second = NewUpn();
        var third = NewUpn();
        await Directory.CreateAsync(new NewUser { UserPrincipalName = first });
        _fixture.Time.Advance(TimeSpan.FromSeconds(1));
        await Directory.CreateAsync(new NewUser { UserPrincipalName = second });
        _fixture.Time.Advance(TimeSpan.FromSeconds(1));
        await Directory.CreateAsync(new NewUser { UserPrincipalName = third });
        var rows = await Outbox.ListDueAsync(10, _fixture.Time.GetUtcNow());
        Assert.Equal([first, second, third], rows.Select(r => r.UserPrincipalName));
        Assert.Equal([first], (await Outbox.ListDueAsync(1, _fixture.Time.GetUtcNow())).Select(r => r.UserPrincipalName));
        Assert.Equal([first], (await Outbox.ListDueAsync(10, start)).Select(r => r.UserPrincipalName));

        var retryAt = _fixture.Time.GetUtcNow().AddMinutes(5);
        await Outbox.DeferAsync(rows[0].Id, retryAt, "Graph said 503 " + new string('x', 5000));
        await Outbox.DeferAsync(rows[0].Id, retryAt, "Graph said 503 again");

        Assert.Equal([second, third], (await Outbox.ListDueAsync(10, retryAt.AddTicks(-1))).Select(r => r.UserPrincipalName));
        var retried = await Outbox.ListDueAsync(10, retryAt);
        Assert.Equal([first, second, third], retried.Select(r => r.UserPrincipalName));
        Assert.Equal(2, retried[0].Attempts);
        Assert.Equal("Graph said 503 again", retried[0].LastError);

        await Outbox.DeferAsync(rows[1].Id, retryAt, new string('y', 5000));
        Assert.Equal(1024, (await Outbox.ListDueAsync(10, retryAt))[1].LastError!.Length);

        await Outbox.CompleteAsync([rows[0].Id, rows[2].Id]);
        await Outbox.CompleteAsync([]);
        Assert.Equal([second], (await AllAsync()).Select(r => r.UserPrincipalName));
        Assert.Equal(1, await Outbox.CountAsync());
    }
}

[Trait("Kind", "Integration")]
public sealed class SqliteOutboxTests(SqliteProvisioningFixture fixture) : OutboxTests<SqliteProvisioningFixture>(fixture);

[Trait("Kind", "Integration")]
public sealed class PostgresOutboxTests(PostgresProvisioningFixture fixture) : OutboxTests<PostgresProvisioningFixture>(fixture), IRequiresPostgres;

using IdpFederation.Core.Provisioning;
using IdpFederation.Tests.Directory;
using Microsoft.Extensions.DependencyInjection;

namespace IdpFederation.Tests.Provisioning.Store;

/// <summary>The ledger of provisioned users and the per-tenant values, per engine.</summary>
public abstract class LedgerTests<TFixture> : IClassFixture<TFixture> where TFixture : ProvisioningDatabaseFixture
{
    private static readonly Guid E3 = Guid.Parse("6fd2c87f-b296-42f0-b197-1e91e994b900");
    private static readonly Guid E5 = Guid.Parse("c7df2760-2c81-4ef7-b578-5b5392b571df");
    private readonly TFixture _fixture;

    protected LedgerTests(TFixture fixture) => _fixture = fixture;

    private IProvisionedUserLedger Ledger => _fixture.Services.GetRequiredService<IProvisionedUserLedger>();

    private static string NewTenant() => $"t{Guid.NewGuid():N}";

    private static ProvisionedUser User(string immutableId, string cloudId, params Guid[] skus) =>
        new() { ImmutableId = immutableId, CloudId = cloudId, UserPrincipalName = $"{cloudId}@contoso.com", AssignedSkuIds = skus };

    [DatabaseFact]
    public async Task Upsert_inserts_then_replaces_and_remove_deletes_per_tenant()
    {
        var tenant = NewTenant();
        var other = NewTenant();
        await Ledger.UpsertAsync(tenant, User("id-1", "cloud-1", E3));
        await Ledger.UpsertAsync(tenant, User("id-2", "cloud-2"));
        await Ledger.UpsertAsync(other, User("id-1", "cloud-x"));

        await Ledger.UpsertAsync(tenant, User("id-1", "cloud-1b", E5, E3, E5));

        var users = await Ledger.ListAsync(tenant);
        Assert.Equal(["id-1", "id-2"], users.Select(u => u.ImmutableId));
        Assert.Equal("cloud-1b", users[0].CloudId);
        Assert.Equal("cloud-1b@contoso.com", users[0].UserPrincipalName);
        Assert.Equal([E5, E3], users[0].AssignedSkuIds);
        Assert.Empty(users[1].AssignedSkuIds);
        Assert.Equal(["cloud-x"], (await Ledger.ListAsync(other)).Select(u => u.CloudId));

        await Ledger.RemoveAsync(tenant, "id-1");
        await Ledger.RemoveAsync(tenant, "never-there");
        Assert.Equal(["id-2"], (await Ledger.ListAsync(tenant)).Select(u => u.ImmutableId));
        Assert.Single(await Ledger.ListAsync(other));
        Assert.Empty(await Ledger.ListAsync(NewTenant()));
    }

    [DatabaseFact]
    public async Task ImmutableIds_that_differ_only_in_case_are_different_users()
    {
        // Entra matches onPremisesImmutableId case-sensitively (entra-federation.md §6.1).
        var tenant = NewTenant();
        await Ledger.UpsertAsync(tenant, User("AbCd==", "upper"));
        await Ledger.UpsertAsync(tenant, User("abcd==", "lower"));

        Assert.Equal(2, (await Ledger.ListAsync(tenant)).Count);

        await Ledger.RemoveAsync(tenant, "ABCD==");
        Assert.Equal(2, (await Ledger.ListAsync(tenant)).Count);

        await Ledger.RemoveAsync(tenant, "abcd==");
        Assert.Equal(["upper"], (await Ledger.ListAsync(tenant)).Select(u => u.CloudId));
    }

    [DatabaseFact]
    public async Task Values_are_per_tenant_and_key_replaced_and_cleared_by_null()
    {
        var tenant = NewTenant();
        var other = NewTenant();
        var deltaLink = "https://graph.microsoft.com/v1.0/users/delta?$deltatoken=" + new string('q', 3000);

        Assert.Null(await Ledger.GetValueAsync(tenant, "usersDeltaLink"));
        await Ledger.SetValueAsync(tenant, "usersDeltaLink", "first");
        await Ledger.SetValueAsync(tenant, "usersDeltaLink", deltaLink);
        await Ledger.SetValueAsync(other, "usersDeltaLink", "other");

        Assert.Equal(deltaLink, await Ledger.GetValueAsync(tenant, "usersDeltaLink"));
        Assert.Null(await Ledger.GetValueAsync(tenant, "USERSDELTALINK"));
        Assert.Equal("other", await Ledger.GetValueAsync(other, "usersDeltaLink"));

        await Ledger.SetValueAsync(tenant, "usersDeltaLink", null);
        Assert.Null(await Ledger.GetValueAsync(tenant, "usersDeltaLink"));
        Assert.Equal("other", await Ledger.GetValueAsync(other, "usersDeltaLink"));
    }

    [DatabaseFact]
    public async Task Values_that_cannot_fit_are_refused_with_the_reason()
    {
        var tooLong = await Assert.ThrowsAsync<ArgumentException>(() => Ledger.UpsertAsync(NewTenant(), User(new string('i', 65), "c")));
        Assert.Contains("at most 64", tooLong.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<ArgumentException>(() => Ledger.UpsertAsync("", User("id", "c")));
        await Assert.ThrowsAsync<ArgumentException>(() => Ledger.SetValueAsync(NewTenant(), "", "v"));
    }
}

[Trait("Kind", "Integration")]
public sealed class SqliteLedgerTests(SqliteProvisioningFixture fixture) : LedgerTests<SqliteProvisioningFixture>(fixture);

[Trait("Kind", "Integration")]
public sealed class PostgresLedgerTests(PostgresProvisioningFixture fixture) : LedgerTests<PostgresProvisioningFixture>(fixture), IRequiresPostgres;

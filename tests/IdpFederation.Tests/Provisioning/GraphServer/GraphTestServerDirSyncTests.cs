using IdpFederation.Tests.CoreLayer;
using Microsoft.Graph;
using Microsoft.Graph.Models;
using Microsoft.Graph.Models.ODataErrors;

namespace IdpFederation.Tests.Provisioning.GraphServer;

/// <summary>
/// Turning directory synchronisation off through the real SDK (entra-federation.md §6.6): accepted at once, effective
/// only after the configured delay on the injected clock, idempotent while it runs, and blocking a re-enable until done.
/// </summary>
[Trait("Kind", "Integration")]
public sealed class GraphTestServerDirSyncTests : GraphTestServerFixture
{
    private const string OrganizationWriterId = "33333333-0000-0000-0000-000000000001";
    private const string DirSyncWriterId = "33333333-0000-0000-0000-000000000002";
    private const string Secret = "dirsync-secret";
    private readonly ManualTimeProvider _clock = new();

    protected override void Configure(GraphTestServerOptions options)
    {
        options.TimeProvider = _clock;
        options.OnPremisesSyncEnabled = true;
        // The clock moves days: tokens MSAL cached by the real clock must outlive that.
        options.AccessTokenLifetime = TimeSpan.FromDays(30);
        options.Apps.Add(new GraphTestApp(OrganizationWriterId, ["Organization.ReadWrite.All"]) { Secret = Secret });
        options.Apps.Add(new GraphTestApp(DirSyncWriterId, ["OnPremDirectorySynchronization.ReadWrite.All"]) { Secret = Secret });
    }

    private GraphServiceClient Client(string appId) => GraphTestClients.Create(Server, GraphTestClients.SecretCredential(Server, appId, Secret));

    private async Task<bool?> ReadSyncEnabledAsync() => Assert.Single((await Admin().Organization.GetAsync())!.Value!).OnPremisesSyncEnabled;

    [Fact]
    public async Task Turning_sync_off_takes_the_configured_delay_and_cannot_be_reversed_meanwhile()
    {
        var synced = Server.SeedUser("synced@fabrikam.com", "Synced");
        Server.SetUserSyncedFromOnPremises(synced);
        var tenant = Server.TenantId.ToString();
        var graph = Client(OrganizationWriterId);
        var start = _clock.GetUtcNow();

        await graph.Organization[tenant].PatchAsync(new Organization { OnPremisesSyncEnabled = false });
        Assert.Equal(start, Server.DirSyncDisableRequestedAt);
        Assert.Equal(start + TimeSpan.FromHours(72), Server.DirSyncDisableCompletesAt);
        Assert.True(await ReadSyncEnabledAsync());

        _clock.Advance(TimeSpan.FromHours(71));
        Assert.True(await ReadSyncEnabledAsync());
        var user = await Admin().Users[synced].GetAsync(r => r.QueryParameters.Select = ["id", "onPremisesSyncEnabled"]);
        Assert.True(user!.OnPremisesSyncEnabled);

        // A second "off" is accepted and does not restart the clock; "on" must wait for the disable to finish.
        await graph.Organization[tenant].PatchAsync(new Organization { OnPremisesSyncEnabled = false });
        Assert.Equal(start, Server.DirSyncDisableRequestedAt);
        var error = await Assert.ThrowsAsync<ODataError>(() => graph.Organization[tenant].PatchAsync(new Organization { OnPremisesSyncEnabled = true }));
        Assert.Equal((400, "Request_BadRequest"), (error.ResponseStatusCode, error.Error!.Code));
        Assert.Contains("the previous disable must complete before it can be enabled again", error.Error.Message, StringComparison.Ordinal);

        _clock.Advance(TimeSpan.FromHours(1));
        Assert.False(await ReadSyncEnabledAsync());
        Assert.Null(Server.DirSyncDisableRequestedAt);
        user = await Admin().Users[synced].GetAsync(r => r.QueryParameters.Select = ["id", "onPremisesSyncEnabled"]);
        Assert.False(user!.OnPremisesSyncEnabled);
        Assert.False(Server.FindUser(synced)!.OnPremisesSyncEnabled);

        // Once done, sync may be turned on again (at once), through the narrower permission too.
        await Client(DirSyncWriterId).Organization[tenant].PatchAsync(new Organization { OnPremisesSyncEnabled = true });
        Assert.True(Server.OrganizationSyncEnabled);
    }

    [Fact]
    public async Task Turning_sync_off_needs_a_write_permission_on_the_organization()
    {
        // The fixture's admin has Organization.Read.All only.
        var error = await Assert.ThrowsAsync<ODataError>(() => Admin().Organization[Server.TenantId.ToString()].PatchAsync(new Organization { OnPremisesSyncEnabled = false }));
        Assert.Equal((403, "Authorization_RequestDenied"), (error.ResponseStatusCode, error.Error!.Code));
        Assert.Null(Server.DirSyncDisableRequestedAt);

        error = await Assert.ThrowsAsync<ODataError>(() => Client(OrganizationWriterId).Organization[Guid.NewGuid().ToString()].PatchAsync(new Organization { OnPremisesSyncEnabled = false }));
        Assert.Equal(404, error.ResponseStatusCode);
    }
}

/// <summary>A shorter disable (DirSyncDisableDuration) and a tenant that was never synchronised.</summary>
[Trait("Kind", "Integration")]
public sealed class GraphTestServerDirSyncDurationTests : GraphTestServerFixture
{
    private const string OrganizationWriterId = "33333333-0000-0000-0000-000000000001";
    private const string Secret = "dirsync-secret";
    private readonly ManualTimeProvider _clock = new();

    protected override void Configure(GraphTestServerOptions options)
    {
        options.TimeProvider = _clock;
        options.DirSyncDisableDuration = TimeSpan.FromMinutes(5);
        options.Apps.Add(new GraphTestApp(OrganizationWriterId, ["Organization.ReadWrite.All"]) { Secret = Secret });
    }

    [Fact]
    public async Task Off_on_a_never_synced_tenant_changes_nothing_and_a_short_delay_is_honoured()
    {
        var graph = GraphTestClients.Create(Server, GraphTestClients.SecretCredential(Server, OrganizationWriterId, Secret));
        var tenant = Server.TenantId.ToString();
        await graph.Organization[tenant].PatchAsync(new Organization { OnPremisesSyncEnabled = false });
        Assert.Null(Server.OrganizationSyncEnabled);
        Assert.Null(Server.DirSyncDisableRequestedAt);

        Server.SetOrganizationSyncEnabled(true);
        await graph.Organization[tenant].PatchAsync(new Organization { OnPremisesSyncEnabled = false });
        _clock.Advance(TimeSpan.FromMinutes(4));
        Assert.True(Server.OrganizationSyncEnabled);
        _clock.Advance(TimeSpan.FromMinutes(1));
        Assert.False(Server.OrganizationSyncEnabled);
    }
}

using IdpFederation.Core.Provisioning;
using IdpFederation.Tests.Directory;
using Microsoft.Extensions.DependencyInjection;

namespace IdpFederation.Tests.Provisioning.Store;

/// <summary>Runs, their items, summaries and the throttle total, per engine.</summary>
public abstract class RunStoreTests<TFixture> : IClassFixture<TFixture> where TFixture : ProvisioningDatabaseFixture
{
    private readonly TFixture _fixture;

    protected RunStoreTests(TFixture fixture) => _fixture = fixture;

    private IProvisioningRunStore Runs => _fixture.Services.GetRequiredService<IProvisioningRunStore>();

    private static RunItem Item(string upn, string action, string outcome, string? code = null, string? message = null) =>
        new(upn, $"id-{upn}", action, outcome, $"detail of {upn}", code, message);

    [DatabaseFact]
    public async Task A_run_reads_back_with_counts_by_action_failures_and_items_in_order()
    {
        var started = _fixture.Time.GetUtcNow();
        var id = await Runs.StartAsync("contoso", RunTrigger.Manual, dryRun: false, started);
        await Runs.RecordAsync(id, Item("b@contoso.com", "create", "done"));
        await Runs.RecordAsync(id, Item("a@contoso.com", "update", "failed", "Request_BadRequest", "Bad " + new string('m', 5000)));
        await Runs.RecordAsync(id, Item("c@contoso.com", "create", "failed", "Request_ResourceNotFound", "gone"));
        await Runs.RecordAsync(id, Item("d@contoso.com", "create", "done"));

        var running = await Runs.GetAsync(id);
        Assert.NotNull(running);
        Assert.Equal(RunStatus.Running, running.Summary.Status);
        Assert.Null(running.Summary.FinishedAt);

        _fixture.Time.Advance(TimeSpan.FromMinutes(3));
        await Runs.FinishAsync(id, RunStatus.CompletedWithErrors, _fixture.Time.GetUtcNow(), "2 failed");
        var report = await Runs.GetAsync(id);

        Assert.NotNull(report);
        Assert.Equal(["b@contoso.com", "a@contoso.com", "c@contoso.com", "d@contoso.com"], report.Items.Select(i => i.UserPrincipalName));
        Assert.Equal(Item("b@contoso.com", "create", "done"), report.Items[0]);
        Assert.Equal("Request_BadRequest", report.Items[1].ErrorCode);
        Assert.Equal(2048, report.Items[1].ErrorMessage!.Length);
        var summary = report.Summary;
        Assert.Equal((id, "contoso", RunTrigger.Manual, false, RunStatus.CompletedWithErrors), (summary.Id, summary.Tenant, summary.Trigger, summary.DryRun, summary.Status));
        Assert.Equal(started, summary.StartedAt);
        Assert.Equal(started.AddMinutes(3), summary.FinishedAt);
        Assert.Equal(new Dictionary<string, int> { ["create"] = 3, ["update"] = 1 }, summary.CountsByAction);
        Assert.Equal(2, summary.Failures);
        Assert.Equal("2 failed", summary.Message);
        var listed = Assert.Single(await Runs.ListAsync(100), s => s.Id == id);
        Assert.Equal(summary with { CountsByAction = listed.CountsByAction }, listed);
        Assert.Equal(summary.CountsByAction, listed.CountsByAction);
    }

    [DatabaseFact]
    public async Task List_is_newest_first_and_bounded_and_an_unknown_run_is_null()
    {
        var ids = new List<long>();
        foreach (var trigger in new[] { RunTrigger.Scheduled, RunTrigger.Live, RunTrigger.Import })
        {
            ids.Add(await Runs.StartAsync("fabrikam", trigger, dryRun: trigger == RunTrigger.Import, _fixture.Time.GetUtcNow()));
        }

        var listed = await Runs.ListAsync(2);

        Assert.Equal([ids[2], ids[1]], listed.Select(s => s.Id));
        Assert.True(listed[0].DryRun);
        Assert.Equal(RunTrigger.Import, listed[0].Trigger);
        Assert.Empty(listed[0].CountsByAction);
        Assert.Equal(0, listed[0].Failures);
        Assert.Null(await Runs.GetAsync(ids.Max() + 1000));
    }

    [DatabaseFact]
    public async Task Concurrent_throttle_waits_all_add_up()
    {
        var id = await Runs.StartAsync("contoso", RunTrigger.Scheduled, dryRun: false, _fixture.Time.GetUtcNow());
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var adds = Enumerable.Range(0, 40).Select(_ => Task.Run(async () =>
        {
            await start.Task;
            await Runs.AddThrottleWaitAsync(id, TimeSpan.FromMilliseconds(1500));
        })).ToList();
        start.SetResult();
        await Task.WhenAll(adds);

        var report = await Runs.GetAsync(id);

        Assert.Equal(TimeSpan.FromSeconds(60), report!.Summary.ThrottleWait);
    }
}

[Trait("Kind", "Integration")]
public sealed class SqliteRunStoreTests(SqliteProvisioningFixture fixture) : RunStoreTests<SqliteProvisioningFixture>(fixture);

[Trait("Kind", "Integration")]
public sealed class PostgresRunStoreTests(PostgresProvisioningFixture fixture) : RunStoreTests<PostgresProvisioningFixture>(fixture), IRequiresPostgres;

using IdpFederation.Core.Authentication;
using IdpFederation.Core.Telemetry;

namespace IdpFederation.Tests.Telemetry;

/// <summary>The hashing gate records each hash's wait for a thread, and every 503 it answers, by reason.</summary>
[Trait("Kind", "Unit")]
public sealed class PasswordHashingMetricsTests
{
    [Fact]
    public async Task Queue_time_is_recorded_for_every_hash_that_starts()
    {
        using var recorder = new MeasurementRecorder();
        using var gate = new PasswordHashingGate(new PasswordHashingMetrics(recorder.MeterFactory));

        await gate.RunAsync(() => 1);
        await gate.RunAsync(() => 2);

        var waits = recorder.Of("idpfed.password.hash.queue_time").ToList();
        Assert.Equal(2, waits.Count);
        Assert.All(waits, w => Assert.InRange(w.Value, 0, 30));
    }

    [Fact]
    public async Task A_full_queue_is_counted_as_a_rejection()
    {
        using var recorder = new MeasurementRecorder();
        using var release = new ManualResetEventSlim();
        using var started = new ManualResetEventSlim();
        var gate = new PasswordHashingGate(threads: 1, capacity: 1, maxWait: TimeSpan.FromMinutes(5), new PasswordHashingMetrics(recorder.MeterFactory));
        var running = gate.RunAsync(() => { started.Set(); return release.Wait(TimeSpan.FromSeconds(30)); });
        Assert.True(started.Wait(TimeSpan.FromSeconds(30)));
        var queued = gate.RunAsync(() => true);

        await Assert.ThrowsAsync<ServiceBusyException>(() => gate.RunAsync(() => true));

        release.Set();
        await running;
        await queued;
        gate.Dispose();
        var (_, tags) = Assert.Single(recorder.Of("idpfed.password.hash.rejections"));
        Assert.Equal("queue_full", tags["reason"]);
    }
}

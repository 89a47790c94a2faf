using IdpFederation.Core.Authentication;

namespace IdpFederation.Tests.CoreLayer;

/// <summary>
/// The hashing gate: every core hashes at once, a full queue or a hash that cannot start in time is refused with
/// ServiceBusyException, cancellation withdraws a queued hash, and a hash's own failure reaches its caller. No sleeps:
/// every wait is on a signal, with a deadline so a broken gate fails the test instead of hanging it.
/// </summary>
[Trait("Kind", "Unit")]
public sealed class PasswordHashingGateTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task As_many_hashes_run_at_once_as_there_are_cores()
    {
        using var gate = new PasswordHashingGate();
        var cores = Environment.ProcessorCount;
        using var allRunning = new CountdownEvent(cores);
        using var release = new ManualResetEventSlim();
        var hashes = Enumerable.Range(0, cores).Select(_ => gate.RunAsync(() =>
        {
            allRunning.Signal();
            return release.Wait(Deadline);
        })).ToList();

        // Each hash holds its thread until all of them are running: with fewer threads than cores this never happens.
        var allStarted = allRunning.Wait(Deadline);
        release.Set();
        Assert.True(allStarted, $"only {cores - allRunning.CurrentCount} of {cores} hashes ran at once");
        Assert.All(await Task.WhenAll(hashes).WaitAsync(Deadline), Assert.True);
    }

    [Fact]
    public async Task A_full_queue_is_refused_at_once_with_service_busy()
    {
        using var gate = new PasswordHashingGate(threads: 1, capacity: 1, maxWait: TimeSpan.FromMinutes(5));
        using var blocker = new BlockingHash(gate);
        await blocker.StartedAsync();
        var queued = gate.RunAsync(() => 2);

        var refused = gate.RunAsync(() => 3);

        Assert.True(refused.IsFaulted, "a hash beyond the queue's capacity must be refused without waiting");
        await Assert.ThrowsAsync<ServiceBusyException>(() => refused);
        blocker.Release();
        Assert.Equal(2, await queued.WaitAsync(Deadline));
    }

    [Fact]
    public async Task A_hash_that_cannot_start_within_the_maximum_wait_is_refused_and_never_runs()
    {
        using var gate = new PasswordHashingGate(threads: 1, capacity: 10, maxWait: TimeSpan.FromMilliseconds(50));
        using var blocker = new BlockingHash(gate);
        await blocker.StartedAsync();
        var ran = false;

        var late = gate.RunAsync(() => ran = true);

        await Assert.ThrowsAsync<ServiceBusyException>(() => late.WaitAsync(Deadline));
        blocker.Release();
        // The thread is free again, and runs the next hash rather than the withdrawn one.
        Assert.Equal(4, await gate.RunAsync(() => 4).WaitAsync(Deadline));
        Assert.False(ran);
    }

    [Fact]
    public async Task Cancelling_a_queued_hash_withdraws_it()
    {
        using var gate = new PasswordHashingGate(threads: 1, capacity: 10, maxWait: TimeSpan.FromMinutes(5));
        using var blocker = new BlockingHash(gate);
        await blocker.StartedAsync();
        using var cancel = new CancellationTokenSource();
        var ran = false;
        var queued = gate.RunAsync(() => ran = true, cancel.Token);

        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => queued.WaitAsync(Deadline));
        blocker.Release();
        Assert.Equal(5, await gate.RunAsync(() => 5).WaitAsync(Deadline));
        Assert.False(ran);
    }

    [Fact]
    public async Task An_already_cancelled_request_does_not_hash()
    {
        using var gate = new PasswordHashingGate();
        var ran = false;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => gate.RunAsync(() => ran = true, new CancellationToken(canceled: true)));

        Assert.False(ran);
    }

    [Fact]
    public async Task An_exception_from_the_hash_reaches_the_caller_and_the_thread_carries_on()
    {
        using var gate = new PasswordHashingGate(threads: 1, capacity: 10, maxWait: TimeSpan.FromMinutes(5));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => gate.RunAsync<int>(() => throw new InvalidOperationException("corrupt hash")).WaitAsync(Deadline));

        Assert.Equal("corrupt hash", error.Message);
        Assert.Equal(6, await gate.RunAsync(() => 6).WaitAsync(Deadline));
    }

    [Fact]
    public async Task Hashes_run_on_dedicated_threads_not_the_thread_pool_and_on_Linux_at_nice_19()
    {
        using var gate = new PasswordHashingGate();

        var (pool, threadId, nice) = await gate.RunAsync(() => (Thread.CurrentThread.IsThreadPoolThread, Environment.CurrentManagedThreadId, CurrentThreadNice())).WaitAsync(Deadline);

        Assert.False(pool);
        Assert.NotEqual(Environment.CurrentManagedThreadId, threadId); // the caller resumed elsewhere
        if (OperatingSystem.IsLinux())
        {
            Assert.Equal(19, nice);
            Assert.Equal(0, CurrentThreadNice()); // only the hashing thread, not the process
        }
    }

    /// <summary>The calling thread's nice value: field 19 of /proc/thread-self/stat (proc(5)), counted after the name.</summary>
    private static int? CurrentThreadNice()
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        var stat = File.ReadAllText("/proc/thread-self/stat");
        return int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[16], System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task Queued_hashes_still_run_after_dispose_but_new_ones_are_refused()
    {
        var gate = new PasswordHashingGate(threads: 1, capacity: 10, maxWait: TimeSpan.FromMinutes(5));
        var blocker = new BlockingHash(gate);
        await blocker.StartedAsync();
        var queued = gate.RunAsync(() => 7);

        gate.Dispose();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => gate.RunAsync(() => 8));
        blocker.Release();
        Assert.Equal(7, await queued.WaitAsync(Deadline));
        blocker.Dispose();
    }

    /// <summary>A hash that holds its hashing thread until released.</summary>
    private sealed class BlockingHash : IDisposable
    {
        private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly ManualResetEventSlim _release = new();
        private readonly Task<bool> _hash;

        public BlockingHash(PasswordHashingGate gate) => _hash = gate.RunAsync(() =>
        {
            _started.SetResult();
            return _release.Wait(Deadline);
        });

        public Task StartedAsync() => _started.Task.WaitAsync(Deadline);

        public void Release() => _release.Set();

        public void Dispose()
        {
            _release.Set();
            Assert.True(_hash.Wait(Deadline), "the blocking hash did not finish");
            _release.Dispose();
        }
    }
}

using System.Diagnostics;
using IdpFederation.Core.Telemetry;

namespace IdpFederation.Core.Authentication;

/// <summary>
/// Runs password hashes (and recovery-code checks) on dedicated hashing threads, one per core, that run at the lowest
/// CPU scheduling priority (<see cref="HashingThreadPriority"/>), fed by a bounded queue.
/// <para>
/// Work-conserving: when nothing else wants the CPU, every core hashes, so password sign-ins get the machine's whole
/// PBKDF2 rate. (A cap of cores − 1 concurrent hashes, the earlier design, left one core in two idle on a two-core
/// machine.) When token issuance for users with a session wants a core, the kernel gives it to those normal-priority
/// threads first, so a flood of password attempts cannot starve SSO. Hashes never run on thread-pool threads, so they
/// cannot starve the pool that serves requests either.
/// </para>
/// <para>
/// Callers wait asynchronously. A hash that finds the queue full, or has not started within the maximum wait, fails with
/// <see cref="ServiceBusyException"/> (503 with Retry-After) rather than queuing without end. Cancellation withdraws a
/// hash that has not started; one that has started runs to the end (PBKDF2 cannot be interrupted).
/// </para>
/// </summary>
public sealed class PasswordHashingGate : IDisposable
{
    private static readonly TimeSpan DefaultMaxWait = TimeSpan.FromSeconds(10);

    // A thread with nothing to do for this long ends; the next hash starts a new one (far cheaper than the hash).
    private static readonly TimeSpan IdleThreadLifetime = TimeSpan.FromSeconds(30);

    private readonly Lock _sync = new();
    private readonly LinkedList<Job> _queue = new();
    private readonly List<SemaphoreSlim> _idle = [];
    private readonly int _maxThreads;
    private readonly int _capacity;
    private readonly TimeSpan _maxWait;
    private readonly PasswordHashingMetrics _metrics;
    private int _threads;
    private bool _disposed;

    /// <summary>
    /// One hashing thread per core. At the default 210,000 PBKDF2-SHA512 iterations a core does roughly ten hashes a
    /// second, so a hash queued behind 128 others per thread could not start within the ten-second wait anyway.
    /// </summary>
    public PasswordHashingGate(PasswordHashingMetrics? metrics = null)
        : this(Environment.ProcessorCount, 128 * Environment.ProcessorCount, DefaultMaxWait, metrics)
    {
    }

    internal PasswordHashingGate(int threads, int capacity, TimeSpan maxWait, PasswordHashingMetrics? metrics = null)
    {
        _metrics = metrics ?? PasswordHashingMetrics.Unobserved;
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _maxThreads = threads;
        _capacity = capacity;
        _maxWait = maxWait;
    }

    public async Task<T> RunAsync<T>(Func<T> hash, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(hash);
        cancellationToken.ThrowIfCancellationRequested();
        var job = new Job<T>(hash, _metrics);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(_maxWait);
        Enqueue(job);
        // Fires on the caller's cancellation or at the deadline; does nothing once the hash has started.
        using (deadline.Token.UnsafeRegister(_ => Withdraw(job, cancellationToken), null))
        {
            return await job.Task.ConfigureAwait(false);
        }
    }

    public void Dispose()
    {
        lock (_sync)
        {
            // Threads finish what is queued, then end; idle ones are woken so they see this.
            _disposed = true;
            _idle.ForEach(wake => wake.Release());
            _idle.Clear();
        }
    }

    private void Enqueue(Job job)
    {
        lock (_sync)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_queue.Count >= _capacity)
            {
                _metrics.RecordRejected("queue_full");
                throw new ServiceBusyException("Too many password checks are waiting; try again shortly.");
            }

            _queue.AddLast(job.Node);
            if (_idle.Count > 0)
            {
                // Handing the job to an idle thread: taking it off the list under the lock is what claims it.
                var wake = _idle[^1];
                _idle.RemoveAt(_idle.Count - 1);
                wake.Release();
            }
            else if (_threads < _maxThreads)
            {
                _threads++;
                new Thread(Work) { IsBackground = true, Name = "Password hashing" }.Start();
            }
        }
    }

    private void Withdraw(Job job, CancellationToken cancellationToken)
    {
        lock (_sync)
        {
            if (job.Node.List is null)
            {
                return; // started (or already withdrawn)
            }

            _queue.Remove(job.Node);
        }

        if (cancellationToken.IsCancellationRequested)
        {
            job.Abandon(new OperationCanceledException(cancellationToken));
            return;
        }

        _metrics.RecordRejected("timeout");
        job.Abandon(new ServiceBusyException("Password checks are taking too long to start; try again shortly."));
    }

    private void Work()
    {
        HashingThreadPriority.LowerCurrentThread();
        using var wake = new SemaphoreSlim(0);
        while (true)
        {
            Job? job = null;
            lock (_sync)
            {
                if (_queue.First is { } first)
                {
                    _queue.Remove(first);
                    job = first.Value;
                }
                else if (_disposed)
                {
                    _threads--;
                    return;
                }
                else
                {
                    _idle.Add(wake);
                }
            }

            if (job is not null)
            {
                job.Started();
                job.Run();
            }
            else if (!wake.Wait(IdleThreadLifetime))
            {
                lock (_sync)
                {
                    if (_idle.Remove(wake))
                    {
                        _threads--;
                        return;
                    }
                }

                // An enqueuer claimed this thread just as the wait timed out, and released the semaphore under the
                // lock: take that release so the next wait starts from zero.
                wake.Wait();
            }
        }
    }

    private abstract class Job
    {
        private readonly PasswordHashingMetrics _metrics;
        private readonly long _queuedAt = Stopwatch.GetTimestamp();

        protected Job(PasswordHashingMetrics metrics)
        {
            _metrics = metrics;
            Node = new LinkedListNode<Job>(this);
        }

        public LinkedListNode<Job> Node { get; }

        /// <summary>Called by the hashing thread that took the job, just before it hashes.</summary>
        public void Started() => _metrics.RecordStarted(_queuedAt);

        public abstract void Run();

        public abstract void Abandon(Exception reason);
    }

    private sealed class Job<T>(Func<T> hash, PasswordHashingMetrics metrics) : Job(metrics)
    {
        // Asynchronous continuations: the caller's request resumes on the thread pool at normal priority, never on a
        // low-priority hashing thread.
        private readonly TaskCompletionSource<T> _result = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task<T> Task => _result.Task;

        public override void Run()
        {
            try
            {
                _result.TrySetResult(hash());
            }
#pragma warning disable CA1031 // Any failure of the hash belongs to the caller, not to this thread.
            catch (Exception e)
#pragma warning restore CA1031
            {
                _result.TrySetException(e);
            }
        }

        public override void Abandon(Exception reason)
        {
            if (reason is OperationCanceledException canceled)
            {
                _result.TrySetCanceled(canceled.CancellationToken);
            }
            else
            {
                _result.TrySetException(reason);
            }
        }
    }
}

/// <summary>The service is overloaded; answered with 503 and Retry-After rather than queuing without end.</summary>
public sealed class ServiceBusyException : Exception
{
    public ServiceBusyException() { }

    public ServiceBusyException(string message) : base(message) { }

    public ServiceBusyException(string message, Exception innerException) : base(message, innerException) { }
}

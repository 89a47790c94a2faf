using System.Diagnostics.Metrics;
using System.Threading.Channels;
using IdpFederation.Core.Auditing;
using IdpFederation.Core.Telemetry;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace IdpFederation.Infrastructure.Auditing;

/// <summary>
/// Queues audit events and commits them in batches on a background task, so a sign-in never waits for a database
/// commit of its own. Nothing is dropped: a full queue slows writers down, a failed batch is retried, and shutdown
/// drains the queue.
/// </summary>
public sealed partial class BufferedAuditLog : IAuditLog, IHostedService
{
    private const int MaxBatch = 500;
    private readonly IAuditLog _store;
    private readonly ILogger<BufferedAuditLog> _logger;
    private readonly Channel<AuditEvent> _queue = Channel.CreateBounded<AuditEvent>(
        new BoundedChannelOptions(20_000) { FullMode = BoundedChannelFullMode.Wait, SingleReader = true });
    private Task? _writer;

    public BufferedAuditLog(IAuditLog store, ILogger<BufferedAuditLog> logger, IMeterFactory? meterFactory = null)
    {
        _store = store;
        _logger = logger;
        // Read when a metrics reader collects, not on every write: a depth that keeps growing means the database is
        // not keeping up, and writers will soon wait (the queue is bounded).
        IdpMeters.Create(meterFactory, IdpTelemetryNames.AuditMeter).CreateObservableGauge(IdpTelemetryNames.AuditQueueDepth,
            () => _queue.Reader.Count, "{event}", "Audit events waiting to be written to the database.");
    }

    public Task WriteAsync(AuditEvent auditEvent, CancellationToken cancellationToken = default) =>
        _queue.Writer.WriteAsync(auditEvent, cancellationToken).AsTask();

    public Task<IReadOnlyList<AuditEvent>> QueryAsync(AuditQuery query, CancellationToken cancellationToken = default) =>
        _store.QueryAsync(query, cancellationToken);

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _writer = Task.Run(DrainAsync, CancellationToken.None);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _queue.Writer.TryComplete();
        if (_writer is not null)
        {
            await _writer.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task DrainAsync()
    {
        var batch = new List<AuditEvent>(MaxBatch);
        while (await _queue.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var next))
            {
                batch.Add(next);
            }

            await CommitAsync(batch).ConfigureAwait(false);
            batch.Clear();
        }
    }

    private async Task CommitAsync(List<AuditEvent> batch)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await _store.WriteManyAsync(batch, CancellationToken.None).ConfigureAwait(false);
                return;
            }
#pragma warning disable CA1031 // The database may be briefly unavailable; keep the events and try again.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                LogRetry(ex, batch.Count, attempt);
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(5000, 100 * attempt))).ConfigureAwait(false);
            }
        }
    }

    [LoggerMessage(EventId = 4001, Level = LogLevel.Warning, Message = "Writing {Count} audit events failed (attempt {Attempt}); retrying")]
    private partial void LogRetry(Exception exception, int count, int attempt);
}

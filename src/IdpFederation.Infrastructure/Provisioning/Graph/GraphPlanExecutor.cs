using System.Net;
using IdpFederation.Core.Provisioning;
using Microsoft.Graph;
using Microsoft.Kiota.Abstractions;

namespace IdpFederation.Infrastructure.Provisioning.Graph;

/// <summary>
/// Applies plan operations through JSON batches (at most 20 requests each, entra-federation.md §6.3), several batches
/// in flight, every write reserved with the tenant's write limiter first. A user's operations run in order (create,
/// then licences; the two steps of a take-over): each wave sends the next step of every user, so one user's steps
/// never share a batch and need no dependsOn. Inner 429s wait their Retry-After and inner 5xx back off, then go again;
/// any other error ends that user's chain with Graph's code and message.
/// </summary>
public sealed class GraphPlanExecutor(GraphTenantClient graph, TimeProvider time)
{
    public const int MaxBatchSize = 20;
    private const int MaxStepAttempts = 6;

    /// <summary>Runs the operations; <paramref name="completed"/> is told of each operation as it ends.</summary>
    public async Task<IReadOnlyList<OperationResult>> ExecuteAsync(IReadOnlyList<PlanOperation> operations,
        Func<OperationResult, Task>? completed = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(operations);
        var chains = operations.Where(o => o is not DeprovisionUser { Action: DeprovisioningAction.LeaveUnmodified }).GroupBy(o => o.ImmutableId, StringComparer.Ordinal).Select(g => new UserChain(g.ToList())).ToList();
        var results = new List<OperationResult>();
        var gate = new Lock();
        while (true)
        {
            var wave = chains.Where(c => !c.Finished).Select(c => c.NextStep(graph)).ToList();
            if (wave.Count == 0)
            {
                return results;
            }

            await Parallel.ForEachAsync(wave.Chunk(MaxBatchSize),
                new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, graph.Tenant.MaxParallelBatches), CancellationToken = cancellationToken },
                async (batch, token) => await SendAsync(batch, token).ConfigureAwait(false)).ConfigureAwait(false);
            foreach (var step in wave)
            {
                var ended = step.Chain.Advance(step);
                if (ended is not null)
                {
                    lock (gate)
                    {
                        results.Add(ended);
                    }

                    if (completed is not null)
                    {
                        await completed(ended).ConfigureAwait(false);
                    }
                }
            }
        }
    }

    /// <summary>Sends one batch until every step has a final answer (or its attempts are spent).</summary>
    private async Task SendAsync(ChainStep[] steps, CancellationToken cancellationToken)
    {
        var pending = steps.ToList();
        for (var attempt = 1; pending.Count > 0; attempt++)
        {
            await graph.Writes.AcquireAsync(pending.Count, cancellationToken).ConfigureAwait(false);
            var batch = new BatchRequestContentCollection(graph.Client, MaxBatchSize);
            var byId = new Dictionary<string, ChainStep>(StringComparer.Ordinal);
            foreach (var step in pending)
            {
                byId[await batch.AddBatchRequestStepAsync(step.BuildRequest()).ConfigureAwait(false)] = step;
            }

            Dictionary<string, HttpStatusCode> statuses;
            BatchResponseContentCollection responses;
            try
            {
                responses = await graph.Client.Batch.PostAsync(batch, cancellationToken).ConfigureAwait(false);
                statuses = await responses.GetResponsesStatusCodesAsync().ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is ApiException or HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                // The batch itself failed after the retry handler's attempts: Graph is down or unreachable.
                foreach (var step in pending)
                {
                    step.Fail(GraphErrors.Unavailable, GraphErrors.Describe(ex), transient: true);
                }

                return;
            }

            var retry = new List<ChainStep>();
            var wait = TimeSpan.Zero;
            var used = 0.0;
            var counted = 0;
            foreach (var (id, step) in byId)
            {
                using var response = await responses.GetResponseByIdAsync(id).ConfigureAwait(false);
                var status = statuses.TryGetValue(id, out var s) ? s : HttpStatusCode.BadGateway;
                if (status != HttpStatusCode.TooManyRequests)
                {
                    // A 429 carries Retry-After instead, and pauses the limiter below.
                    used = Math.Max(used, QuotaUseHandler.UsedFraction(response));
                    counted++;
                }

                var body = response?.Content is null ? "" : await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
                if ((int)status is >= 200 and < 300)
                {
                    step.Succeed(GraphErrors.CreatedId(body));
                }
                else if ((status == HttpStatusCode.TooManyRequests || (int)status >= 500) && attempt < MaxStepAttempts)
                {
                    retry.Add(step);
                    var delay = status == HttpStatusCode.TooManyRequests && response is not null
                        ? GraphRetryHandler.RetryAfter(response) ?? TimeSpan.FromSeconds(1)
                        : Backoff(attempt);
                    if (status == HttpStatusCode.TooManyRequests)
                    {
                        graph.Traffic.RecordThrottle(delay);
                        graph.Writes.PauseFor(delay);
                    }
                    else
                    {
                        graph.Traffic.RecordServerErrorRetry();
                    }

                    wait = delay > wait ? delay : wait;
                }
                else
                {
                    var (code, message) = GraphErrors.Parse(body, status);
                    step.Fail(code, message, transient: status == HttpStatusCode.TooManyRequests || (int)status >= 500);
                }
            }

            // Near the quota the next writes are spaced out before Graph has to refuse them (WriteRateLimiter.ReportQuotaUse).
            if (counted > 0)
            {
                graph.Writes.ReportQuotaUse(used, counted);
            }

            pending = retry;
            if (pending.Count > 0)
            {
                await Task.Delay(wait, time, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Exponential with full jitter (AWS Architecture Blog, "Exponential Backoff And Jitter"): 0.5 s, 1 s, 2 s ... capped at 30 s.</summary>
    private static TimeSpan Backoff(int attempt) =>
        TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * Math.Min(30_000, 500 * Math.Pow(2, attempt - 1)));
}

public sealed record OperationResult(PlanOperation Operation, bool Succeeded, string? CloudId, string? ErrorCode, string? ErrorMessage, bool Transient);

using System.Net;
using Polly;
using Polly.Retry;

namespace IdpFederation.Infrastructure.Provisioning.Graph;

/// <summary>
/// Retries what Graph asks to be retried: 429 after exactly its Retry-After ("Microsoft Graph throttling guidance":
/// wait the number of seconds given, then retry), and 5xx or a dropped connection with exponential backoff and jitter, so
/// several instances and batches do not retry in step. Replaces the SDK's RetryHandler, which backs off without
/// jitter and cannot use an injected clock.
/// </summary>
internal sealed class GraphRetryHandler : DelegatingHandler
{
    /// <summary>Graph's own ceiling on Retry-After is minutes; anything beyond this is treated as a failure to report.</summary>
    private static readonly TimeSpan LongestWait = TimeSpan.FromMinutes(5);

    private readonly ResiliencePipeline<HttpResponseMessage> _pipeline;

    public GraphRetryHandler(GraphTraffic traffic, TimeProvider time, int maxAttempts = 6, TimeSpan? baseDelay = null)
    {
        var retry = new RetryStrategyOptions<HttpResponseMessage>
        {
            MaxRetryAttempts = maxAttempts,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = baseDelay ?? TimeSpan.FromSeconds(1),
            MaxDelay = TimeSpan.FromSeconds(60),
            ShouldHandle = new PredicateBuilder<HttpResponseMessage>()
                .Handle<HttpRequestException>()
                .HandleResult(r => r.StatusCode == HttpStatusCode.TooManyRequests || (int)r.StatusCode >= 500),
            DelayGenerator = args => ValueTask.FromResult(args.Outcome.Result is { } response ? RetryAfter(response) : null),
            OnRetry = args =>
            {
                if (args.Outcome.Result?.StatusCode == HttpStatusCode.TooManyRequests)
                {
                    traffic.RecordThrottle(args.RetryDelay);
                }
                else
                {
                    traffic.RecordServerErrorRetry();
                }

                args.Outcome.Result?.Dispose();
                return ValueTask.CompletedTask;
            },
        };
        _pipeline = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = time }.AddRetry(retry).Build();
    }

    /// <summary>The server's Retry-After (seconds or a date), bounded; null lets the backoff decide.</summary>
    internal static TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        var header = response.Headers.RetryAfter;
        var wait = header?.Delta ?? (header?.Date is { } date ? date - DateTimeOffset.UtcNow : null);
        return wait is { } value && value >= TimeSpan.Zero ? (value > LongestWait ? LongestWait : value) : null;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Content is not null)
        {
            // Sent again on a retry, so it must be readable more than once.
            await request.Content.LoadIntoBufferAsync(cancellationToken).ConfigureAwait(false);
        }

        return await _pipeline.ExecuteAsync(
            static async (state, token) => await state.Handler.BaseSendAsync(state.Request, token).ConfigureAwait(false),
            (Handler: this, Request: request), cancellationToken).ConfigureAwait(false);
    }

    private Task<HttpResponseMessage> BaseSendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        base.SendAsync(request, cancellationToken);
}

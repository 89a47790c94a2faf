using System.Globalization;

namespace IdpFederation.Infrastructure.Provisioning.Graph;

/// <summary>
/// Passes Graph's x-ms-throttle-limit-percentage on single writes (group export, federation settings) to the tenant's
/// write limiter, so those slow down near the quota as batched writes do. A $batch's own answer is left to
/// <see cref="GraphPlanExecutor"/>, which reads the header on each inner response: those are the writes Graph counted.
/// </summary>
internal sealed class QuotaUseHandler(WriteRateLimiter limiter) : DelegatingHandler
{
    public const string Header = "x-ms-throttle-limit-percentage";

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var write = request.Method != HttpMethod.Get && request.Method != HttpMethod.Head;
        // A 429 answers with Retry-After instead, which the retry handler and the limiter's pause act on.
        if (write && response.StatusCode != System.Net.HttpStatusCode.TooManyRequests && request.RequestUri is { } uri && !uri.AbsolutePath.EndsWith("/$batch", StringComparison.Ordinal))
        {
            limiter.ReportQuotaUse(UsedFraction(response), 1);
        }

        return response;
    }

    /// <summary>The header's value (0.8 to 1.8), or 0 when Graph did not send it: under 80 % used.</summary>
    public static double UsedFraction(HttpResponseMessage? response)
    {
        if (response is null || !(response.Headers.TryGetValues(Header, out var values) ||
            response.Content.Headers.TryGetValues(Header, out values)))
        {
            return 0;
        }

        return double.TryParse(values.FirstOrDefault(), NumberStyles.Float, CultureInfo.InvariantCulture, out var used) ? used : 0;
    }
}

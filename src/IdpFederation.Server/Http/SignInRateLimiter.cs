using System.Threading.RateLimiting;
using IdpFederation.Core.Configuration;
using IdpFederation.Core.Networks;
using IdpFederation.Core.Policies;
using IdpFederation.Core.State;
using IdpFederation.Server.Sessions;
using Microsoft.Extensions.Options;

namespace IdpFederation.Server.Http;

/// <summary>
/// The global limiter of ASP.NET Core's rate limiting middleware, partitioned by client source (<see
/// cref="ClientSourceKey"/>) for endpoints marked <see cref="SignInRateLimitAttribute"/>. Its decisions are fixed
/// windows in <see cref="ICounterStore"/> (increment; over the limit is refused), so with Redis every instance counts
/// against one shared limit, and the limiter itself keeps no per-client state in the process. A request that is not
/// counted is admitted synchronously; a counted one needs the store, which the middleware awaits through
/// <see cref="AcquireAsyncCore"/> after <see cref="AttemptAcquireCore"/> declines to decide.
/// </summary>
public sealed class SignInRateLimiter : PartitionedRateLimiter<HttpContext>
{
    private readonly ICounterStore _counters;
    private readonly IOptionsMonitor<IdpOptions> _options;
    private readonly ClientAddressResolver _addresses;
    private readonly SessionCookie _sessions;

    public SignInRateLimiter(ICounterStore counters, IOptionsMonitor<IdpOptions> options, ClientAddressResolver addresses, SessionCookie sessions)
    {
        _counters = counters;
        _options = options;
        _addresses = addresses;
        _sessions = sessions;
    }

    /// <summary>The counter's name for a client source (under the store's counter: prefix).</summary>
    public static string CounterName(string source) => "ratelimit:signin:" + source;

    public override RateLimiterStatistics? GetStatistics(HttpContext resource) => null;

    protected override RateLimitLease AttemptAcquireCore(HttpContext resource, int permitCount) =>
        Rule(resource) is null ? Lease.Admitted : Lease.Undecided;

    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(HttpContext resource, int permitCount, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(resource);
        var rule = Rule(resource);
        if (rule is null || (rule.ExemptLiveSessions && await _sessions.GetSessionAsync(resource).ConfigureAwait(false) is not null))
        {
            return Lease.Admitted;
        }

        var limit = _options.CurrentValue.RateLimits.SignInPerIp;
        var source = ClientSourceKey.For(_addresses.Resolve(resource, ClientKind.Browser));
        var count = await _counters.IncrementAsync(CounterName(source), limit.Window, cancellationToken).ConfigureAwait(false);
        // The window started at this source's first request, so it ends within one window from now.
        return count <= limit.PermitLimit ? Lease.Admitted : new Lease(false, limit.Window);
    }

    private static SignInRateLimitAttribute? Rule(HttpContext context)
    {
        var rule = context.GetEndpoint()?.Metadata.GetMetadata<SignInRateLimitAttribute>();
        return rule is null || (rule.PostsOnly && !HttpMethods.IsPost(context.Request.Method)) ? null : rule;
    }

    private sealed class Lease : RateLimitLease
    {
        public static readonly Lease Admitted = new(true, null);
        public static readonly Lease Undecided = new(false, null);

        private readonly TimeSpan? _retryAfter;

        public Lease(bool acquired, TimeSpan? retryAfter)
        {
            IsAcquired = acquired;
            _retryAfter = retryAfter;
        }

        public override bool IsAcquired { get; }

        public override IEnumerable<string> MetadataNames => _retryAfter is null ? [] : [MetadataName.RetryAfter.Name];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = _retryAfter;
            return _retryAfter is not null && metadataName == MetadataName.RetryAfter.Name;
        }
    }
}

using System.Threading.RateLimiting;
using IdpFederation.Core.SignIn;
using IdpFederation.Server.WsFederation;
using Microsoft.AspNetCore.RateLimiting;

namespace IdpFederation.Server.Http;

/// <summary>
/// Wires <see cref="SignInRateLimiter"/> into ASP.NET Core's rate limiting middleware
/// (https://learn.microsoft.com/aspnet/core/performance/rate-limit). A refused request gets 429 with Retry-After and
/// the branded error page (IDPF1429) through the status-code pages, like every other refusal.
/// </summary>
public static partial class SignInRateLimiting
{
    public static IServiceCollection AddSignInRateLimiting(this IServiceCollection services)
    {
        services.AddSingleton<SignInRateLimiter>();
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<SignInRateLimiter, ILoggerFactory>((options, limiter, loggers) =>
        {
            var logger = loggers.CreateLogger(typeof(SignInRateLimiting).FullName!);
            options.GlobalLimiter = limiter;
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = (context, _) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var window) ? window : TimeSpan.FromMinutes(1);
                context.HttpContext.Items[SignInErrorResult.ItemKey] = new SignInError(SignInErrorCodes.TooManyRequests,
                    "Too many sign-in requests have come from your network. Wait a minute and try again.",
                    StatusCodes.Status429TooManyRequests, retryAfter);
                LogRejected(logger, context.HttpContext.Request.Path);
                return ValueTask.CompletedTask;
            };
        });
        return services;
    }

    [LoggerMessage(EventId = 3401, Level = LogLevel.Debug, Message = "Sign-in request to {Path} refused: the client's rate limit is used up")]
    private static partial void LogRejected(ILogger logger, PathString path);
}

using System.Diagnostics;
using IdpFederation.Core.Authentication;
using IdpFederation.Core.Policies;
using IdpFederation.Core.SignIn;
using IdpFederation.Infrastructure.State;
using IdpFederation.Server.WsFederation;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace IdpFederation.Server.Pages;

/// <summary>
/// Renders every refusal and failure with a stable code and a reference, never a stack trace. Reached by re-execution,
/// possibly of a POST, so it must not demand an antiforgery token.
/// </summary>
[IgnoreAntiforgeryToken]
public sealed partial class ErrorModel : PageModel
{
    private readonly TimeProvider _time;
    private readonly ILogger<ErrorModel> _logger;
    private readonly IPolicyProvider _policies;

    public ErrorModel(TimeProvider time, IPolicyProvider policies, ILogger<ErrorModel> logger)
    {
        _time = time;
        _policies = policies;
        _logger = logger;
    }

    public string Title { get; private set; } = "Sign-in failed";
    public string Code { get; private set; } = SignInErrorCodes.InternalError;
    public string Description { get; private set; } = "Something went wrong on our side. Try again in a few minutes.";
    public string Reference { get; private set; } = "";
    public DateTimeOffset Timestamp { get; private set; }

    // No bound parameters: MVC's value providers read the form of a POST, which here is the body of the request that
    // failed, perhaps the very body that was too large. The status comes from the re-execution's query string.
    public IActionResult OnGet() => Render(Status);

    public IActionResult OnPost() => Render(Status);

    private int? Status =>
        int.TryParse(Request.Query["status"], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var status)
            ? status
            : null;

    private PageResult Render(int? status)
    {
        Reference = Activity.Current?.TraceId.ToString() ?? HttpContext.TraceIdentifier;
        Timestamp = _time.GetUtcNow();
        if (HttpContext.Items[SignInErrorResult.ItemKey] is SignInError error)
        {
            Code = error.Code;
            Description = error.Description;
            Title = error.StatusCode switch
            {
                StatusCodes.Status403Forbidden => "Access denied",
                StatusCodes.Status429TooManyRequests => "Too many attempts",
                StatusCodes.Status503ServiceUnavailable => "Sign-in is temporarily unavailable",
                _ => "Sign-in request not accepted",
            };
            if (error.RetryAfter is { } retryAfter)
            {
                Response.Headers.RetryAfter = ((long)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
            else if (error.StatusCode == StatusCodes.Status429TooManyRequests)
            {
                // The lockout lasts at most one window from its first failure.
                Response.Headers.RetryAfter = ((int)_policies.Current.Lockout.Window.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
        }
        else if (HttpContext.Features.Get<IExceptionHandlerFeature>()?.Error is { } unavailable
            && (unavailable is ServiceBusyException || StateStoreFailures.IsUnavailable(unavailable)))
        {
            // Fail fast and say so: the load balancer or the user can retry, and nothing was half-recorded.
            Title = "Sign-in is temporarily unavailable";
            Code = SignInErrorCodes.TemporarilyUnavailable;
            Description = "The sign-in service is busy or cannot reach its session store right now. Try again in a minute.";
            Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            Response.Headers.RetryAfter = "30";
            LogStateStoreDown(Reference);
        }
        else if (status is StatusCodes.Status413PayloadTooLarge)
        {
            Title = "Request too large";
            Code = SignInErrorCodes.RequestTooLarge;
            Description = "The request is larger than any sign-in needs.";
            Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
        }
        else if (HttpContext.Features.Get<IExceptionHandlerFeature>() is { } failure)
        {
            LogUnhandled(failure.Error, Reference);
            Response.StatusCode = StatusCodes.Status500InternalServerError;
        }
        else if (status is 404)
        {
            Title = "Page not found";
            Code = "IDPF1404";
            Description = "There is nothing at this address.";
        }
        else if (status is >= 400 and < 500)
        {
            Title = "Request not accepted";
            Code = "IDPF1" + status.Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
            Description = "The request could not be processed.";
        }

        return Page();
    }

    [LoggerMessage(EventId = 9002, Level = LogLevel.Warning, Message = "Request failed because the shared state store is unavailable (reference {Reference})")]
    private partial void LogStateStoreDown(string reference);

    [LoggerMessage(EventId = 9001, Level = LogLevel.Error, Message = "Unhandled exception (reference {Reference})")]
    private partial void LogUnhandled(Exception exception, string reference);
}

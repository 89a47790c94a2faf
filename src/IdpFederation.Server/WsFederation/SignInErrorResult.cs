using IdpFederation.Core.SignIn;

namespace IdpFederation.Server.WsFederation;

/// <summary>
/// Sets the status and leaves the body empty, so the status-code-pages middleware re-executes the branded Error
/// page, which reads the error from <see cref="ItemKey"/>.
/// </summary>
public sealed class SignInErrorResult : IResult
{
    public const string ItemKey = "idpfed.signin-error";

    public SignInErrorResult(SignInError error) => Error = error;

    public SignInError Error { get; }

    public Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        httpContext.Items[ItemKey] = Error;
        httpContext.Response.StatusCode = Error.StatusCode;
        return Task.CompletedTask;
    }
}

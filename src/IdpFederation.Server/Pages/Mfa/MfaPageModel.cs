using IdpFederation.Core.Pipeline;
using IdpFederation.Core.SignIn;
using IdpFederation.Server.Http;
using IdpFederation.Server.Mfa;
using IdpFederation.Server.WsFederation;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace IdpFederation.Server.Pages.Mfa;

/// <summary>The MFA pages' common steering: anything but the decision a page exists for sends the browser elsewhere.</summary>
/// <remarks>Its form posts count toward the per-address sign-in limit (each costs a password hash or an MFA check).</remarks>
[SignInRateLimit(PostsOnly = true)]
public abstract class MfaPageModel : PageModel
{
    protected MfaPageModel(MfaSignInFlow flow) => Flow = flow;

    protected MfaSignInFlow Flow { get; }

    [BindProperty(SupportsGet = true, Name = "signin")]
    public string? SignInId { get; set; }

    public string RelyingPartyName { get; private set; } = "";
    public string? ErrorMessage { get; protected set; }

    /// <summary>Loads the flow; a non-null result means "return this instead of the page".</summary>
    protected async Task<(MfaFlowState? State, IActionResult? Elsewhere)> LoadAsync(SignInDecisionKind expected)
    {
        var state = await Flow.LoadAsync(HttpContext, SignInId).ConfigureAwait(false);
        if (state is null)
        {
            return (null, Refuse(new SignInError(SignInErrorCodes.RequestExpired,
                "This sign-in has expired or was already completed. Go back to the application and sign in again.")));
        }

        RelyingPartyName = state.Request.RelyingParty.DisplayName;
        if (state.Decision.Kind == expected)
        {
            return (state, null);
        }

        IActionResult elsewhere = state.Decision.Kind switch
        {
            SignInDecisionKind.RequireLogin => Redirect(MfaPaths.LoginUrl(state.SignInId)),
            SignInDecisionKind.RequireMfa => Redirect(MfaPaths.VerifyUrl(state.SignInId)),
            SignInDecisionKind.RequireMfaEnrollment => Redirect(MfaPaths.EnrollUrl(state.SignInId)),
            SignInDecisionKind.Deny => Refuse(new SignInError(state.Decision.ErrorCode!, state.Decision.Description!, state.Decision.StatusCode)),
            _ => Redirect(MfaPaths.ResumeUrl(state.SignInId)),
        };
        return (state, elsewhere);
    }

    /// <summary>The branded error page (re-executed by status-code pages), as the protocol endpoint shows it.</summary>
    protected StatusCodeResult Refuse(SignInError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        HttpContext.Items[SignInErrorResult.ItemKey] = error;
        return StatusCode(error.StatusCode);
    }

    protected static SignInError LockedOut() => new(SignInErrorCodes.MfaLockedOut,
        "Too many incorrect verification codes. Wait a while and try again, or contact your help desk.", StatusCodes.Status429TooManyRequests);
}

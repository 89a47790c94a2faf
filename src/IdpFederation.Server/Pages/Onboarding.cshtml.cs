using IdpFederation.Core.Onboarding;
using IdpFederation.Server.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace IdpFederation.Server.Pages;

public enum OnboardingPageState
{
    Form,
    Done,
    LinkInvalid,
}

/// <summary>
/// The page an onboarding link opens: GET shows the form without using the token up; the POST (antiforgery-checked)
/// redeems it. Every unusable link gets the same 410 page, so the page does not tell used from expired from made up.
/// The token travels in the link's query once and then only in the form body; it is never logged.
/// </summary>
/// <remarks>Its posts count toward the per-address sign-in limit: each valid one costs a password hash.</remarks>
[SignInRateLimit(PostsOnly = true)]
public sealed class OnboardingModel : PageModel
{
    private const int MaxPasswordLength = 1024;
    private readonly IOnboardingLinks _links;

    public OnboardingModel(IOnboardingLinks links) => _links = links;

    [BindProperty(SupportsGet = true, Name = "token")]
    public string? Token { get; set; }

    [BindProperty]
    public string? Password { get; set; }

    [BindProperty]
    public string? ConfirmPassword { get; set; }

    public OnboardingPageState State { get; private set; }
    public string? UserPrincipalName { get; private set; }
    public string? ErrorMessage { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        var ticket = await _links.FindAsync(Token, HttpContext.RequestAborted).ConfigureAwait(false);
        if (ticket is null)
        {
            return Invalid();
        }

        UserPrincipalName = ticket.UserPrincipalName;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var password = Password ?? "";
        var confirmation = ConfirmPassword ?? "";
        Password = ConfirmPassword = null;
        var ticket = await _links.FindAsync(Token, HttpContext.RequestAborted).ConfigureAwait(false);
        if (ticket is null)
        {
            return Invalid();
        }

        UserPrincipalName = ticket.UserPrincipalName;
        ErrorMessage = password.Length == 0 ? "Enter a new password."
            : password.Length > MaxPasswordLength ? $"Use at most {MaxPasswordLength} characters."
            : !string.Equals(password, confirmation, StringComparison.Ordinal) ? "The two passwords do not match."
            : null;
        if (ErrorMessage is not null)
        {
            return Page();
        }

        var result = await _links.RedeemAsync(Token, password, HttpContext.RequestAborted).ConfigureAwait(false);
        switch (result.Outcome)
        {
            case OnboardingOutcome.PasswordSet:
                State = OnboardingPageState.Done;
                Token = null;
                return Page();
            case OnboardingOutcome.PasswordRejected:
                ErrorMessage = result.Reason;
                return Page();
            default:
                return Invalid();
        }
    }

    private PageResult Invalid()
    {
        State = OnboardingPageState.LinkInvalid;
        Token = null;
        Response.StatusCode = StatusCodes.Status410Gone;
        return Page();
    }
}

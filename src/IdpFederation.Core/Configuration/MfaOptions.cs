namespace IdpFederation.Core.Configuration;

/// <summary>Multi-factor authentication (TOTP) settings; when MFA is required is decided by the policy file.</summary>
public sealed class MfaOptions
{
    /// <summary>
    /// How long an MFA done in a session satisfies later requests that need MFA. Past it the user is asked for a code
    /// again (Entra's sign-in frequency works the same way on its side).
    /// </summary>
    public TimeSpan Lifetime { get; set; } = TimeSpan.FromHours(8);

    /// <summary>
    /// Enrolment is offered only this soon after a password check made in the same sign-in, so a stolen session
    /// cookie alone can never register an attacker's authenticator.
    /// </summary>
    public TimeSpan EnrollmentWindow { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>The issuer shown in authenticator apps; defaults to Idp:Branding:OrganizationName.</summary>
    public string? Issuer { get; set; }

    /// <summary>The remember-device cookie; only written when a policy rule allows remembering (rememberDeviceDays).</summary>
    public string RememberDeviceCookieName { get; set; } = "idpfed.device";
}

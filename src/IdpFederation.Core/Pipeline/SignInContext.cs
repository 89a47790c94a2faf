using System.Net;
using IdpFederation.Core.Directory;
using IdpFederation.Core.Mfa;
using IdpFederation.Core.Policies;
using IdpFederation.Core.Sessions;
using IdpFederation.Core.SignIn;

namespace IdpFederation.Core.Pipeline;

/// <summary>What the policy steps see about one sign-in; steps may fill in what they resolve (the user).</summary>
public sealed class SignInContext
{
    public required ValidatedSignInRequest Request { get; init; }

    /// <summary>The pending sign-in's ID once the request has been saved for a login or MFA page; null on first arrival.</summary>
    public string? PendingSignInId { get; init; }
    public SsoSession? Session { get; init; }
    public string? ClientIp => ClientAddress?.ToString();

    /// <summary>The client's address after trusted-proxy processing; null when unknown.</summary>
    public IPAddress? ClientAddress { get; init; }

    public ClientKind ClientKind { get; init; } = ClientKind.Browser;

    public DirectoryUser? User { get; set; }

    /// <summary>Set by the policy step; audit and claims read it.</summary>
    public PolicyDecision? Policy { get; set; }

    public string? Country { get; set; }

    /// <summary>True only after real MFA in this sign-in or the session; nothing a request asks for sets it.</summary>
    public bool MultiFactorAuthenticated { get; set; }

    /// <summary>The remember-device cookie as the browser sent it; checked only where a policy allows remembering.</summary>
    public string? RememberedDeviceToken { get; init; }

    /// <summary>Why MFA was needed ("policy", "relying party" or both); null when it was not.</summary>
    public string? MfaRequiredBy { get; set; }

    /// <summary>The user's enrolment, loaded by the MFA step only when MFA is needed.</summary>
    public MfaEnrollment? MfaEnrollment { get; set; }

    /// <summary>Days the MFA page may offer to remember this device for; null when no policy allows it.</summary>
    public int? RememberDeviceDays { get; set; }

    /// <summary>True when a remembered device stood in for the code (policy MFA only; never for a wauth demand).</summary>
    public bool MfaSatisfiedByRememberedDevice { get; set; }
}

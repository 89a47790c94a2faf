using IdpFederation.Server.WsFederation;

namespace IdpFederation.Server.Mfa;

/// <summary>Where the browser goes at each stage of a sign-in, keyed by the pending sign-in's ID.</summary>
public static class MfaPaths
{
    public const string Verify = "/mfa";
    public const string Enroll = "/mfa/enroll";
    public const string Login = "/login";

    public static string VerifyUrl(string signInId) => With(Verify, signInId);

    public static string EnrollUrl(string signInId) => With(Enroll, signInId);

    public static string LoginUrl(string signInId) => With(Login, signInId);

    public static string ResumeUrl(string signInId) => With(WsFederationEndpoints.ResumePath, signInId);

    private static string With(string path, string signInId) => path + "?signin=" + Uri.EscapeDataString(signInId);
}

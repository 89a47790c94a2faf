using System.Text.Json;
using IdpFederation.Core.Pipeline;

namespace IdpFederation.Core.SignIn;

/// <summary>The policy's view of one sign-in, as the compact JSON stored with its audit record.</summary>
public static class AuditDetails
{
    public static string? From(SignInContext context, string? lockout = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Policy is null && context.Country is null && lockout is null && context.MfaRequiredBy is null)
        {
            return null;
        }

        return JsonSerializer.Serialize(new
        {
            country = context.Country,
            decision = context.Policy?.Outcome.ToString(),
            rules = context.Policy?.MatchedRules.ToArray(),
            reportOnly = context.Policy?.ReportOnlyMatches.ToArray(),
            insideCorporateNetwork = context.Policy?.InsideCorporateNetwork,
            mfaRequiredBy = context.MfaRequiredBy,
            mfa = context.MfaRequiredBy is null ? null : context.MfaSatisfiedByRememberedDevice ? "remembered device" : context.MultiFactorAuthenticated ? "session" : "pending",
            lockout,
        });
    }
}

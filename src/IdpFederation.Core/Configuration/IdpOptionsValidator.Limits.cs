namespace IdpFederation.Core.Configuration;

/// <summary>The limits that bound what an anonymous client can make the server hold (README "Flood limits").</summary>
public sealed partial class IdpOptionsValidator
{
    /// <summary>The endpoint reads at most 16 KB of query string, so a larger wctx could never arrive by GET anyway.</summary>
    public const int HighestMaxWctxLength = 16 * 1024;

    public const int HighestMaxUsernameLength = 1024;

    private static void ValidateLimits(IdpOptions options, List<string> errors)
    {
        var perIp = options.RateLimits.SignInPerIp;
        if (perIp is null)
        {
            errors.Add("Idp:RateLimits:SignInPerIp must not be null.");
        }
        else
        {
            if (perIp.PermitLimit < 1 || perIp.PermitLimit > FixedWindowLimit.HighestPermitLimit)
            {
                errors.Add($"Idp:RateLimits:SignInPerIp:PermitLimit {perIp.PermitLimit} must be between 1 and {FixedWindowLimit.HighestPermitLimit}.");
            }

            if (perIp.Window < FixedWindowLimit.ShortestWindow || perIp.Window > FixedWindowLimit.LongestWindow)
            {
                errors.Add($"Idp:RateLimits:SignInPerIp:Window {perIp.Window} must be between 1 second and 24 hours.");
            }
        }

        if (options.State.MaxPendingSignIns < 1 || options.State.MaxPendingSignIns > StateOptions.HighestMaxPendingSignIns)
        {
            errors.Add($"Idp:State:MaxPendingSignIns {options.State.MaxPendingSignIns} must be between 1 and {StateOptions.HighestMaxPendingSignIns}; " +
                "it is what bounds the memory anonymous sign-in requests can take.");
        }

        var ws = options.WsFederation;
        if (ws.MaxWctxLength < 1 || ws.MaxWctxLength > HighestMaxWctxLength)
        {
            errors.Add($"Idp:WsFederation:MaxWctxLength {ws.MaxWctxLength} must be between 1 and {HighestMaxWctxLength}; each pending sign-in stores the wctx.");
        }

        if (ws.MaxUsernameLength < 1 || ws.MaxUsernameLength > HighestMaxUsernameLength)
        {
            errors.Add($"Idp:WsFederation:MaxUsernameLength {ws.MaxUsernameLength} must be between 1 and {HighestMaxUsernameLength}.");
        }
    }
}

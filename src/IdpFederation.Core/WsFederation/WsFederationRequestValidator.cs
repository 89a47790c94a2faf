using IdpFederation.Core.Configuration;
using IdpFederation.Core.RelyingParties;
using IdpFederation.Core.SignIn;
using IdpFederation.Protocols.WsFederation;
using Microsoft.Extensions.Options;

namespace IdpFederation.Core.WsFederation;

/// <summary>Turns a parsed wsignin1.0 message into a <see cref="ValidatedSignInRequest"/> or a precise refusal.</summary>
public sealed class WsFederationRequestValidator
{
    private readonly RelyingPartyCatalog _relyingParties;
    private readonly IOptionsMonitor<IdpOptions> _options;
    private readonly TimeProvider _time;

    public WsFederationRequestValidator(RelyingPartyCatalog relyingParties, IOptionsMonitor<IdpOptions> options, TimeProvider time)
    {
        _relyingParties = relyingParties;
        _options = options;
        _time = time;
    }

    public ValidationResult<ValidatedSignInRequest> ValidateSignIn(WsFederationMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var limits = _options.CurrentValue.WsFederation;
        if (TooLong(message, limits) is { } tooLong)
        {
            return ValidationResult.Failure<ValidatedSignInRequest>(SignInErrorCodes.ParameterTooLong, tooLong);
        }

        if (string.IsNullOrEmpty(message.Realm))
        {
            return ValidationResult.Failure<ValidatedSignInRequest>(SignInErrorCodes.InvalidRequest, "The sign-in request has no wtrealm.");
        }

        var party = _relyingParties.FindByRealm(message.Realm);
        if (party is null)
        {
            return ValidationResult.Failure<ValidatedSignInRequest>(
                SignInErrorCodes.UnknownRealm, "The application that sent you here (wtrealm) is not registered with this sign-in service.");
        }

        var reply = party.DefaultReplyUrl;
        if (!string.IsNullOrEmpty(message.Reply))
        {
            if (!party.IsRegisteredReplyUrl(message.Reply))
            {
                return ValidationResult.Failure<ValidatedSignInRequest>(
                    SignInErrorCodes.UnregisteredReplyUrl, "The reply address (wreply) is not registered for this application.");
            }

            reply = message.Reply;
        }

        return ValidationResult.Success(new ValidatedSignInRequest
        {
            Protocol = SignInProtocol.WsFederation,
            RelyingParty = party,
            ReplyUrl = reply,
            Context = message.Context,
            // MS-WSFED: wfresh=0 asks for a fresh authentication; so does prompt=login under promptLoginBehavior=nativeSupport (spec §1.1).
            ForceFreshAuthentication = message.Freshness == "0" || string.Equals(message.Prompt, "login", StringComparison.OrdinalIgnoreCase),
            MfaRequested = string.Equals(message.AuthenticationType, WsFederationConstants.AuthenticationTypes.MultipleAuthN, StringComparison.Ordinal),
            UsernameHint = message.Username,
            ClientRequestId = CorrelationId(message.ClientRequestId),
            ReceivedAt = _time.GetUtcNow(),
        });
    }

    /// <summary>
    /// Entra's client-request-id is a GUID (spec §1.1); it is kept only for the audit, so anything else is dropped
    /// rather than refused. Carried as given, a posted one could have made every pending sign-in tens of KB.
    /// </summary>
    private static string? CorrelationId(string? value) =>
        value is { Length: > 0 and <= 64 } && Guid.TryParse(value, out var id) ? id.ToString() : null;

    private static string? TooLong(WsFederationMessage message, WsFederationLimits limits)
    {
        if (message.Context?.Length > limits.MaxWctxLength)
        {
            return $"wctx is {message.Context.Length} characters; the limit is {limits.MaxWctxLength}.";
        }

        if (message.Realm?.Length > limits.MaxRealmLength)
        {
            return $"wtrealm is longer than {limits.MaxRealmLength} characters.";
        }

        if (message.Reply?.Length > limits.MaxReplyUrlLength)
        {
            return $"wreply is longer than {limits.MaxReplyUrlLength} characters.";
        }

        return message.Username?.Length > limits.MaxUsernameLength ? $"username is longer than {limits.MaxUsernameLength} characters." : null;
    }
}

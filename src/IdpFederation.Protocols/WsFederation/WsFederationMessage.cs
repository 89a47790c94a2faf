using P = IdpFederation.Protocols.WsFederation.WsFederationConstants.Parameters;

namespace IdpFederation.Protocols.WsFederation;

/// <summary>
/// A WS-Federation passive request (spec §1.1). Parsing checks syntax only; whether the realm is
/// known, the reply allowed or a value too long is the validator's job, with configured limits.
/// </summary>
public sealed class WsFederationMessage
{
    private static readonly HashSet<string> KnownActions =
    [
        WsFederationConstants.Actions.SignIn,
        WsFederationConstants.Actions.SignOut,
        WsFederationConstants.Actions.SignOutCleanup,
    ];

    private static readonly string[] KnownParameters =
    [
        P.Action, P.Realm, P.Reply, P.Context, P.Freshness, P.AuthenticationType,
        P.HomeRealm, P.Username, P.ClientRequestId, P.Prompt,
    ];

    public required string Action { get; init; }

    public string? Realm { get; init; }

    public string? Reply { get; init; }

    /// <summary>wctx exactly as received; it must be returned byte-for-byte (spec §1.2). Null when absent.</summary>
    public string? Context { get; init; }

    /// <summary>wfresh; "0" means force re-authentication (spec §1.1).</summary>
    public string? Freshness { get; init; }

    /// <summary>wauth: requested authentication type, e.g. multipleauthn for MFA step-up.</summary>
    public string? AuthenticationType { get; init; }

    /// <summary>The sign-in name typed at Entra; a login hint only, never proof of identity.</summary>
    public string? Username { get; init; }

    public string? HomeRealm { get; init; }

    public string? ClientRequestId { get; init; }

    public string? Prompt { get; init; }

    /// <summary>
    /// Parses decoded query or form parameters. Unknown parameters (cbcxt, mkt, lc, ...) are ignored.
    /// A known parameter given twice is an error: which copy wins would depend on the reader.
    /// </summary>
    public static WsFederationParseResult Parse(IEnumerable<KeyValuePair<string, string?>> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in parameters)
        {
            if (!KnownParameters.Contains(name, StringComparer.Ordinal))
            {
                continue;
            }

            if (!values.TryAdd(name, value ?? string.Empty))
            {
                return WsFederationParseResult.Failure($"Parameter '{name}' appears more than once.");
            }

            // wctx is opaque and returned untouched; every other parameter is an identifier or hint.
            if (name != P.Context && value is not null && value.Any(char.IsControl))
            {
                return WsFederationParseResult.Failure($"Parameter '{name}' contains control characters.");
            }
        }

        if (!values.TryGetValue(P.Action, out var action) || action.Length == 0)
        {
            return WsFederationParseResult.Failure("Parameter 'wa' is required.");
        }

        if (!KnownActions.Contains(action))
        {
            return WsFederationParseResult.Failure("Parameter 'wa' has an unsupported value.", WsFederationParseError.UnsupportedAction);
        }

        return WsFederationParseResult.Success(new WsFederationMessage
        {
            Action = action,
            Realm = values.GetValueOrDefault(P.Realm),
            Reply = values.GetValueOrDefault(P.Reply),
            Context = values.GetValueOrDefault(P.Context),
            Freshness = values.GetValueOrDefault(P.Freshness),
            AuthenticationType = values.GetValueOrDefault(P.AuthenticationType),
            Username = values.GetValueOrDefault(P.Username),
            HomeRealm = values.GetValueOrDefault(P.HomeRealm),
            ClientRequestId = values.GetValueOrDefault(P.ClientRequestId),
            Prompt = values.GetValueOrDefault(P.Prompt),
        });
    }
}

using System.Diagnostics.CodeAnalysis;

namespace IdpFederation.Protocols.WsFederation;

/// <summary>Either a parsed <see cref="WsFederationMessage"/> or an error to show the client. Never both.</summary>
public sealed record WsFederationParseResult
{
    private WsFederationParseResult(WsFederationMessage? message, string? error, WsFederationParseError kind)
    {
        Message = message;
        Error = error;
        ErrorKind = kind;
    }

    /// <summary>Lets the endpoint answer an unsupported action differently from a malformed message.</summary>
    public WsFederationParseError ErrorKind { get; }

    public WsFederationMessage? Message { get; }

    /// <summary>Why parsing failed; safe to log and display (it never echoes parameter values).</summary>
    public string? Error { get; }

    [MemberNotNullWhen(true, nameof(Error))]
    [MemberNotNullWhen(false, nameof(Message))]
    public bool IsError => Message is null;

    public static WsFederationParseResult Success(WsFederationMessage message) =>
        new(message ?? throw new ArgumentNullException(nameof(message)), null, WsFederationParseError.None);

    public static WsFederationParseResult Failure(string error, WsFederationParseError kind = WsFederationParseError.Malformed) =>
        new(null, error, kind);
}

public enum WsFederationParseError
{
    None = 0,
    Malformed,
    UnsupportedAction,
}

namespace IdpFederation.Core.RelyingParties;

/// <summary>An application that accepts our tokens; Microsoft 365 is always one of them.</summary>
public sealed record RelyingParty(string Realm, string DisplayName, IReadOnlyList<string> ReplyUrls)
{
    /// <summary>Entra's realm, SAML audience and WS-Trust AppliesTo (spec §0).</summary>
    public const string MicrosoftOnlineRealm = "urn:federation:MicrosoftOnline";

    public const string MicrosoftOnlineReplyUrl = "https://login.microsoftonline.com/login.srf";

    public static RelyingParty MicrosoftOnline { get; } =
        new(MicrosoftOnlineRealm, "Microsoft 365", [MicrosoftOnlineReplyUrl]);

    public string DefaultReplyUrl => ReplyUrls[0];

    /// <summary>
    /// Ordinal comparison of the whole URL: prefix or host-only matching is how open redirects and token theft start
    /// (security checklist row 7).
    /// </summary>
    public bool IsRegisteredReplyUrl(string url) => ReplyUrls.Contains(url, StringComparer.Ordinal);
}

namespace IdpFederation.Core.RelyingParties;

/// <summary>
/// The relying party built into the server for development (Idp:Development:TestRelyingParty): its page lives on the
/// IdP itself, so a quick start ends on a page that shows the token instead of at Microsoft.
/// </summary>
public static class DevelopmentTestRelyingParty
{
    public const string Realm = "urn:idpfederation:dev-test-rp";

    /// <summary>The page's path under the public base URL; the trailing slash matches /adfs/ls/.</summary>
    public const string Path = "/dev/test-rp/";

    public const string DisplayName = "Development test relying party";

    /// <summary>The one reply URL: built from the configured public base URL, never from the Host header.</summary>
    public static string ReplyUrl(string publicBaseUrl)
    {
        ArgumentNullException.ThrowIfNull(publicBaseUrl);
        return publicBaseUrl.TrimEnd('/') + Path;
    }

    public static RelyingParty Create(string publicBaseUrl) => new(Realm, DisplayName, [ReplyUrl(publicBaseUrl)]);
}

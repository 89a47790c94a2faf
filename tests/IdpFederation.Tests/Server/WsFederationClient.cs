using System.Xml;
using IdpFederation.Protocols.Xml;

namespace IdpFederation.Tests.Server;

/// <summary>Drives /adfs/ls/ the way Entra's redirect and a user at the login form do.</summary>
internal static class WsFederationClient
{
    public const string Realm = "urn:federation:MicrosoftOnline";

    public static string SignInUrl(string? wctx = "LoginOptions=3&estsredirect=2&estsrequest=abc", string? username = null,
        string realm = Realm, string? wreply = null, string? wfresh = null, string? wauth = null)
    {
        var query = new List<string> { "client-request-id=" + Guid.NewGuid(), "wa=wsignin1.0", "wtrealm=" + Uri.EscapeDataString(realm) };
        if (wctx is not null) query.Add("wctx=" + Uri.EscapeDataString(wctx));
        if (username is not null) query.Add("username=" + Uri.EscapeDataString(username));
        if (wreply is not null) query.Add("wreply=" + Uri.EscapeDataString(wreply));
        if (wfresh is not null) query.Add("wfresh=" + wfresh);
        if (wauth is not null) query.Add("wauth=" + Uri.EscapeDataString(wauth));
        return "/adfs/ls/?" + string.Join("&", query);
    }

    public static Task<Page> LoginAsync(BrowserClient browser, Page loginPage, string username, string password) =>
        browser.SubmitAsync(loginPage, new Dictionary<string, string> { ["Username"] = username, ["Password"] = password });

    /// <summary>Full flow: request, login form, credentials, auto-post page.</summary>
    public static async Task<Page> SignInAsync(BrowserClient browser, string username, string password, string? wctx = "ctx")
    {
        var login = await browser.GetAsync(SignInUrl(wctx, username)).ConfigureAwait(false);
        return await LoginAsync(browser, login, username, password).ConfigureAwait(false);
    }

    public static XmlDocument ParseWresult(Page autoPost)
    {
        var wresult = autoPost.Field("wresult") ?? throw new InvalidOperationException("No wresult on page:\n" + autoPost.Html);
        return SafeXml.LoadDocument(wresult, 1_000_000);
    }

    public static XmlNamespaceManager Namespaces(XmlDocument document)
    {
        var ns = new XmlNamespaceManager(document.NameTable);
        ns.AddNamespace("t", "http://schemas.xmlsoap.org/ws/2005/02/trust");
        ns.AddNamespace("saml", "urn:oasis:names:tc:SAML:1.0:assertion");
        ns.AddNamespace("ds", "http://www.w3.org/2000/09/xmldsig#");
        ns.AddNamespace("wsp", "http://schemas.xmlsoap.org/ws/2004/09/policy");
        ns.AddNamespace("wsa", "http://www.w3.org/2005/08/addressing");
        ns.AddNamespace("wsu", "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd");
        ns.AddNamespace("md", "urn:oasis:names:tc:SAML:2.0:metadata");
        ns.AddNamespace("fed", "http://docs.oasis-open.org/wsfed/federation/200706");
        return ns;
    }
}

using System.Xml;
using IdpFederation.Tests.Server;

namespace IdpFederation.Tests.Mfa;

/// <summary>The steps of a sign-in with MFA as a user performs them, and what Entra would read from the token.</summary>
internal static class MfaBrowserFlow
{
    public const string MultipleAuthN = "http://schemas.microsoft.com/claims/multipleauthn";
    public const string PasswordProtectedTransport = "urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport";

    /// <summary>Entra's redirect, then the password on the login page; returns wherever that leads.</summary>
    public static async Task<Page> PasswordAsync(BrowserClient browser, string upn, string? wauth = null, string wctx = "ctx-mfa")
    {
        var login = await browser.GetAsync(WsFederationClient.SignInUrl(wctx, upn, wauth: wauth));
        Assert.True(login.Document.QuerySelector("input[name='Password']") is not null, "Expected the login form, got " + login.Url + ":\n" + login.Html);
        return await WsFederationClient.LoginAsync(browser, login, upn, IdpServerFixture.Password);
    }

    /// <summary>Scans the enrolment page (by its manual key) and confirms with the code at <paramref name="stepOffset"/>.</summary>
    public static async Task<(Page RecoveryPage, AuthenticatorApp App)> EnrollAsync(BrowserClient browser, Page enrollPage, int stepOffset = -1)
    {
        AssertOnPage(enrollPage, "/mfa/enroll");
        var app = AuthenticatorApp.FromEnrollmentPage(enrollPage);
        var recovery = await browser.SubmitAsync(enrollPage, new Dictionary<string, string> { ["Code"] = await app.CodeAsync(stepOffset) });
        Assert.True(recovery.Document.QuerySelector("#recovery-codes") is not null, "Expected the recovery codes, got:\n" + recovery.Html);
        return (recovery, app);
    }

    public static string[] RecoveryCodes(Page recoveryPage) =>
        recoveryPage.Document.QuerySelectorAll("#recovery-codes li").Select(li => li.TextContent.Trim()).ToArray();

    /// <summary>The "I have saved my codes" button: a GET back to the protocol endpoint.</summary>
    public static Task<Page> ContinueAsync(BrowserClient browser, Page recoveryPage)
    {
        var form = recoveryPage.Document.Forms.Single();
        return browser.GetAsync(form.GetAttribute("action") + "?signin=" + Uri.EscapeDataString(recoveryPage.Field("signin")!));
    }

    public static Task<Page> SubmitCodeAsync(BrowserClient browser, Page verifyPage, string code, bool rememberDevice = false)
    {
        var values = new Dictionary<string, string> { ["Code"] = code };
        if (rememberDevice)
        {
            values["RememberDevice"] = "true";
        }

        return browser.SubmitAsync(verifyPage, values);
    }

    public static void AssertOnPage(Page page, string path) =>
        Assert.True(page.Url.StartsWith(path + "?", StringComparison.Ordinal), $"Expected {path}, got {page.Status} {page.Url}:\n{page.Html}");

    public static XmlDocument Token(Page autoPost) => WsFederationClient.ParseWresult(autoPost);

    /// <summary>Values of the authnmethodsreferences attribute (spec §1.4 option A).</summary>
    public static string[] AuthnMethodsReferences(XmlDocument rstr)
    {
        var ns = WsFederationClient.Namespaces(rstr);
        return rstr.SelectNodes("//saml:Attribute[@AttributeName='authnmethodsreferences' and @AttributeNamespace='http://schemas.microsoft.com/claims']/saml:AttributeValue", ns)!
            .Cast<XmlNode>().Select(n => n.InnerText).ToArray();
    }

    /// <summary>AuthenticationStatement/@AuthenticationMethod (spec §1.4 option C).</summary>
    public static string? AuthenticationMethod(XmlDocument rstr) =>
        rstr.SelectSingleNode("//saml:AuthenticationStatement/@AuthenticationMethod", WsFederationClient.Namespaces(rstr))?.Value;

    public static void AssertMfaToken(Page autoPost)
    {
        var rstr = Token(autoPost);
        Assert.Equal([MultipleAuthN], AuthnMethodsReferences(rstr));
        Assert.Equal(MultipleAuthN, AuthenticationMethod(rstr));
    }

    public static void AssertPasswordOnlyToken(Page autoPost)
    {
        var rstr = Token(autoPost);
        Assert.Empty(AuthnMethodsReferences(rstr));
        Assert.Equal(PasswordProtectedTransport, AuthenticationMethod(rstr));
        Assert.DoesNotContain(MultipleAuthN, rstr.OuterXml, StringComparison.Ordinal);
    }
}

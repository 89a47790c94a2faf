using IdpFederation.Protocols.Xml;
using IdpFederation.Tests.Mfa;
using IdpFederation.Tests.Server;
using OpenQA.Selenium;
using Xunit.Abstractions;
using static IdpFederation.Tests.Mfa.MfaBrowserFlow;

namespace IdpFederation.Tests.Browser;

/// <summary>
/// The MFA pages in a real browser (Debian's headless Chromium, script off): typing into the real inputs, clicking the
/// real buttons, reading the QR code from what the browser drew. Each page is saved as a screenshot
/// ($IDPFED_SCREENSHOTS_DIR, else a temp folder; docs/screenshots holds the committed ones).
/// </summary>
[Trait("Kind", "Browser")]
public sealed class MfaChromiumTests : IClassFixture<MfaServerFixture>
{
    private const string Submit = "main form button[type='submit']";
    private const string AutoPostForm = "form[name='hiddenform'][action='https://login.microsoftonline.com/login.srf']";

    private readonly MfaServerFixture _idp;
    private readonly ITestOutputHelper _output;

    public MfaChromiumTests(MfaServerFixture idp, ITestOutputHelper output)
    {
        _idp = idp;
        _output = output;
    }

    [Fact]
    public async Task A_user_enrols_by_scanning_the_qr_code_saves_the_recovery_codes_and_later_signs_in_with_one()
    {
        var upn = await _idp.NewUserAsync("staff");
        using var chromium = ChromiumBrowser.Start(_idp.BaseUrl);

        // Entra's redirect, then the password.
        SignInWithPassword(chromium, upn);
        Assert.StartsWith("/mfa/enroll?signin=", chromium.PathAndQuery, StringComparison.Ordinal);
        AssertCodeInput(chromium, "Verification code", oneTimeCode: true);
        var qr = chromium.Find("img#qr-code");
        Assert.True(qr.Displayed);
        Assert.NotEqual("0", qr.GetDomProperty("naturalWidth")); // the data: image loaded (the CSP allows it)
        // Shown at its natural size, so every module is the same whole number of pixels (sharp for a phone camera).
        Assert.Equal(qr.GetDomProperty("naturalWidth"), qr.Size.Width.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(qr.Size.Width, qr.Size.Height);
        AssertFitsTheWindow(chromium);
        var shown = chromium.Find("#secret").Text;
        var secret = shown.Replace(" ", "", StringComparison.Ordinal);
        Assert.Equal(32, secret.Length);

        // The QR code as the browser drew it is what a phone camera scans.
        var enrollShot = Screenshot(chromium, "mfa-enroll.png");
        Assert.Equal(
            $"otpauth://totp/Contoso%20Ltd:{Uri.EscapeDataString(upn)}?secret={secret}&issuer=Contoso%20Ltd&algorithm=SHA1&digits=6&period=30",
            Zbarimg.DecodeFile(enrollShot));

        var app = new AuthenticatorApp(secret);
        chromium.Type("input#code", await app.CodeAsync(-1));
        chromium.ClickAndWaitFor(Submit, "#recovery-codes");
        Assert.StartsWith("/mfa/enroll?signin=", chromium.PathAndQuery, StringComparison.Ordinal);
        var codes = chromium.FindAll("#recovery-codes li").Select(li => li.Text.Trim()).ToArray();
        Assert.Equal(10, codes.Length);
        Assert.All(codes, c => Assert.Matches("^[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}$", c));
        Assert.Equal(10, codes.Distinct().Count());
        Assert.True(chromium.Find("button#continue").Displayed);
        AssertFitsTheWindow(chromium);
        Screenshot(chromium, "mfa-recovery-codes.png");

        chromium.ClickAndWaitFor("button#continue", AutoPostForm);
        AssertMfaTokenInBrowser(chromium);

        // Another day, a new browser session: the password, then the code page (no enrolment again).
        chromium.ForgetCookies();
        SignInWithPassword(chromium, upn);
        Assert.StartsWith("/mfa?signin=", chromium.PathAndQuery, StringComparison.Ordinal);
        Assert.Empty(chromium.FindAll("#qr-code"));
        AssertCodeInput(chromium, "Verification code", oneTimeCode: true);
        Assert.Empty(chromium.FindAll("#remember-device")); // the staff rule does not allow remembering devices
        AssertFitsTheWindow(chromium);
        Screenshot(chromium, "mfa-verify.png");

        chromium.Type("input#code", app.WrongCode());
        chromium.ClickAndWaitFor(Submit, "#mfa-error");
        Assert.Equal("That code didn't work. Check the time-based code in your authenticator app and try again. 2 attempts left.",
            chromium.Find("#mfa-error").Text);
        Assert.Equal("alert", chromium.Find("#mfa-error").GetDomAttribute("role"));
        Assert.Empty(chromium.FindAll("input[name='wresult']"));
        Screenshot(chromium, "mfa-verify-error.png");

        // The phone is lost: a saved recovery code instead.
        chromium.ClickAndWaitFor("a#use-recovery-code", "a#use-app");
        AssertCodeInput(chromium, "Recovery code", oneTimeCode: false);
        AssertFitsTheWindow(chromium);
        Screenshot(chromium, "mfa-recovery-code.png");
        chromium.Type("input#code", codes[0]);
        chromium.ClickAndWaitFor(Submit, AutoPostForm);
        AssertMfaTokenInBrowser(chromium);
    }

    [Fact]
    public async Task Three_wrong_codes_end_on_the_too_many_attempts_page()
    {
        var upn = await _idp.NewUserAsync("staff");
        AuthenticatorApp app;
        using (var http = _idp.NewBrowser())
        {
            (_, app) = await EnrollAsync(http, await PasswordAsync(http, upn));
        }

        using var chromium = ChromiumBrowser.Start(_idp.BaseUrl);
        SignInWithPassword(chromium, upn);
        Assert.StartsWith("/mfa?signin=", chromium.PathAndQuery, StringComparison.Ordinal);
        foreach (var left in new[] { "2 attempts left.", "1 attempt left." })
        {
            chromium.Type("input#code", app.WrongCode());
            chromium.ClickAndWaitFor(Submit, "#mfa-error");
            Assert.EndsWith(left, chromium.Find("#mfa-error").Text, StringComparison.Ordinal);
        }

        chromium.Type("input#code", app.WrongCode());
        chromium.ClickAndWaitFor(Submit, "#error-code");
        Assert.Equal("Too many attempts", chromium.Find("h1").Text);
        Assert.Equal("IDPF2006", chromium.Find("#error-code").Text);
        Assert.Empty(chromium.FindAll("input#code"));
        Assert.Empty(chromium.FindAll("input[name='wresult']"));
        AssertFitsTheWindow(chromium);
        Screenshot(chromium, "mfa-locked.png");
    }

    /// <summary>Entra's redirect to /adfs/ls/, then the login page filled in and submitted.</summary>
    private static void SignInWithPassword(ChromiumBrowser chromium, string upn)
    {
        chromium.GoTo(WsFederationClient.SignInUrl("ctx-chromium"), "input#password");
        Assert.StartsWith("/login?signin=", chromium.PathAndQuery, StringComparison.Ordinal);
        chromium.Type("input#username", upn);
        chromium.Type("input#password", IdpServerFixture.Password);
        chromium.ClickAndWaitFor(Submit, "h1");
    }

    /// <summary>The code input as the browser sees it: the hints phones use, and a label tied to it.</summary>
    private static void AssertCodeInput(ChromiumBrowser chromium, string label, bool oneTimeCode)
    {
        var input = chromium.Find("input#code");
        Assert.True(input.Displayed && input.Enabled);
        Assert.Single(chromium.FindAll("#code"));
        Assert.Equal(label, chromium.Find("label[for='code']").Text);
        // The browser's own accessibility tree names the input by its label.
        Assert.Equal(label, ((WebElement)input).ComputedAccessibleLabel);
        if (oneTimeCode)
        {
            Assert.Equal("one-time-code", input.GetDomAttribute("autocomplete"));
            Assert.Equal("numeric", input.GetDomAttribute("inputmode"));
        }
        else
        {
            Assert.Equal("off", input.GetDomAttribute("autocomplete"));
        }
    }

    /// <summary>Nothing sticks out sideways in a phone-width window (a long UPN or key would).</summary>
    private static void AssertFitsTheWindow(ChromiumBrowser chromium)
    {
        var (content, viewport) = chromium.ContentAndViewportWidth();
        Assert.True(content <= viewport, $"The page is {content}px wide in a {viewport}px viewport on {chromium.PathAndQuery}");
    }

    /// <summary>
    /// The auto-post page with script off: still on this server (it did not go to Entra), showing its Continue
    /// button, and carrying a token that says MFA happened.
    /// </summary>
    private static void AssertMfaTokenInBrowser(ChromiumBrowser chromium)
    {
        Assert.StartsWith("/adfs/ls/", chromium.PathAndQuery, StringComparison.Ordinal);
        Assert.True(chromium.Find(AutoPostForm + " button[type='submit']").Displayed, "The <noscript> Continue button is not shown");
        Assert.Equal("ctx-chromium", chromium.Find(AutoPostForm + " input[name='wctx']").GetDomProperty("value"));
        var wresult = chromium.Find(AutoPostForm + " input[name='wresult']").GetDomProperty("value");
        Assert.False(string.IsNullOrEmpty(wresult));
        Assert.Contains(MultipleAuthN, wresult, StringComparison.Ordinal);
        var rstr = SafeXml.LoadDocument(wresult, 1_000_000);
        Assert.Equal([MultipleAuthN], AuthnMethodsReferences(rstr));
        Assert.Equal(MultipleAuthN, AuthenticationMethod(rstr));
    }

    private string Screenshot(ChromiumBrowser chromium, string fileName)
    {
        var path = chromium.SaveScreenshot(fileName);
        _output.WriteLine("Screenshot: " + path);
        return path;
    }
}

using System.Net;
using System.Security.Cryptography;
using IdpFederation.Core.Auditing;
using IdpFederation.Core.Mfa;
using IdpFederation.Tests.Policies;
using IdpFederation.Tests.Protocols;
using IdpFederation.Tests.Server;
using static IdpFederation.Tests.Mfa.MfaBrowserFlow;

namespace IdpFederation.Tests.Mfa;

/// <summary>
/// MFA the way a user meets it: Entra's redirect, the password, enrolment with an authenticator app (oathtool), the
/// recovery codes, and the token Entra reads. Codes use steps -1, 0, +1 in that order, because a used step spends
/// the older ones.
/// </summary>
[Trait("Kind", "Integration")]
public sealed class MfaEndToEndTests : IClassFixture<MfaServerFixture>
{
    private readonly MfaServerFixture _idp;

    public MfaEndToEndTests(MfaServerFixture idp) => _idp = idp;

    [Fact]
    public async Task Policy_mfa_enrols_a_new_user_then_issues_a_multipleauthn_token_and_the_next_sign_in_asks_only_for_the_code()
    {
        var upn = await _idp.NewUserAsync("staff");
        using var browser = _idp.NewBrowser();

        var enroll = await PasswordAsync(browser, upn);
        AssertOnPage(enroll, "/mfa/enroll");
        Assert.Null(enroll.Field("wresult"));
        Assert.NotNull(enroll.Document.QuerySelector("img#qr-code[src^='data:image/png;base64,']"));

        var (recovery, app) = await EnrollAsync(browser, enroll, stepOffset: -1);
        var codes = RecoveryCodes(recovery);
        Assert.Equal(10, codes.Length);
        Assert.All(codes, c => Assert.Matches("^[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}$", c));
        Assert.Equal(10, codes.Distinct().Count());
        Assert.Null(recovery.Field("wresult"));

        var token = await ContinueAsync(browser, recovery);
        Assert.Equal("ctx-mfa", token.Field("wctx"));
        AssertMfaToken(token);
        // The MFA token's signature, checked by an implementation nobody here wrote, against the configured certificate only.
        var assertion = (System.Xml.XmlElement)Token(token).SelectSingleNode("//saml:Assertion", WsFederationClient.Namespaces(Token(token)))!;
        using var certificate = _idp.SigningCertificate();
        var (exit, output) = Xmlsec1.VerifyAssertion(assertion.OuterXml, certificate);
        Assert.True(exit == 0, "xmlsec1 rejected the MFA token: " + output);

        // The same session within the MFA lifetime: SSO, still with the MFA claim, no prompt.
        var sso = await browser.GetAsync(WsFederationClient.SignInUrl("sso"), followRedirects: false);
        Assert.Equal(HttpStatusCode.OK, sso.Status);
        AssertMfaToken(sso);

        // A new browser: password, then only the code page (no enrolment again).
        using var second = _idp.NewBrowser();
        var verify = await PasswordAsync(second, upn);
        AssertOnPage(verify, "/mfa");
        Assert.Null(verify.Document.QuerySelector("#qr-code"));
        var next = await SubmitCodeAsync(second, verify, await app.CodeAsync(0));
        AssertMfaToken(next);

        await ServerAudit.WaitForAsync(_idp.Directory.Audit, upn, e => e.EventType == AuditEventTypes.Mfa && e.Reason == "mfa enrolled" && e.Outcome == AuditOutcomes.Success);
        await ServerAudit.WaitForAsync(_idp.Directory.Audit, upn, e => e.EventType == AuditEventTypes.Mfa && e.Reason == "mfa code accepted");
    }

    [Fact]
    public async Task The_enrolment_page_offers_a_readable_qr_code_and_a_one_time_code_input()
    {
        var upn = await _idp.NewUserAsync("staff");
        using var browser = _idp.NewBrowser();
        var enroll = await PasswordAsync(browser, upn);

        var input = enroll.Document.QuerySelector("input#code")!;
        Assert.Equal("one-time-code", input.GetAttribute("autocomplete"));
        Assert.Equal("numeric", input.GetAttribute("inputmode"));
        Assert.Equal("Verification code", enroll.Text("label[for='code']"));
        Assert.NotNull(enroll.Field("__RequestVerificationToken"));

        var src = enroll.Document.QuerySelector("img#qr-code")!.GetAttribute("src")!;
        var decoded = Zbarimg.DecodeBytes(Convert.FromBase64String(src["data:image/png;base64,".Length..]));
        var secret = AuthenticatorApp.FromEnrollmentPage(enroll).Secret;
        Assert.Equal($"otpauth://totp/Contoso%20Ltd:{Uri.EscapeDataString(upn)}?secret={secret}&issuer=Contoso%20Ltd&algorithm=SHA1&digits=6&period=30", decoded);
        Assert.Equal(32, secret.Length); // 160 bits in base32

        // Reloading shows the same secret, so an app that already scanned it still works.
        var again = await browser.GetAsync(enroll.Url);
        Assert.Equal(secret, AuthenticatorApp.FromEnrollmentPage(again).Secret);
    }

    [Fact]
    public async Task Enrolment_cannot_be_skipped_by_going_back_to_the_protocol_endpoint()
    {
        var upn = await _idp.NewUserAsync("staff");
        using var browser = _idp.NewBrowser();
        var enroll = await PasswordAsync(browser, upn);
        AssertOnPage(enroll, "/mfa/enroll");
        var signin = enroll.Url[(enroll.Url.IndexOf("signin=", StringComparison.Ordinal) + 7)..];

        var resume = await browser.GetAsync("/adfs/ls/resume?signin=" + signin);
        AssertOnPage(resume, "/mfa/enroll");
        var fresh = await browser.GetAsync(WsFederationClient.SignInUrl("other"));
        Assert.Null(fresh.Field("wresult"));
        var verify = await browser.GetAsync("/mfa?signin=" + signin);
        AssertOnPage(verify, "/mfa/enroll");
        Assert.Null((await _idp.EnrollmentAsync(upn))!.ConfirmedAt);
    }

    [Fact]
    public async Task Wauth_multipleauthn_forces_mfa_where_the_policy_does_not_and_needs_a_fresh_password_to_enrol()
    {
        var upn = await _idp.NewUserAsync();
        using var browser = _idp.NewBrowser();
        var plain = await PasswordAsync(browser, upn);
        AssertPasswordOnlyToken(plain);

        // Entra asks for MFA (enforceMfaByFederatedIdp). The session's password predates this request, so enrolment
        // first asks for the password again.
        var demanded = await browser.GetAsync(WsFederationClient.SignInUrl("step-up", wauth: MultipleAuthN));
        Assert.StartsWith("/login?signin=", demanded.Url, StringComparison.Ordinal);
        var enroll = await WsFederationClient.LoginAsync(browser, demanded, upn, IdpServerFixture.Password);
        var (recovery, app) = await EnrollAsync(browser, enroll);
        var token = await ContinueAsync(browser, recovery);
        Assert.Equal("step-up", token.Field("wctx"));
        AssertMfaToken(token);

        // Once enrolled, a new sign-in demanded with wauth asks for the code.
        using var second = _idp.NewBrowser();
        var verify = await PasswordAsync(second, upn, wauth: MultipleAuthN);
        AssertOnPage(verify, "/mfa");
        AssertMfaToken(await SubmitCodeAsync(second, verify, await app.CodeAsync(0)));
    }

    [Fact]
    public async Task Without_mfa_no_token_ever_carries_the_mfa_claim()
    {
        var upn = await _idp.NewUserAsync();
        using var browser = _idp.NewBrowser();
        AssertPasswordOnlyToken(await PasswordAsync(browser, upn));
        AssertPasswordOnlyToken(await browser.GetAsync(WsFederationClient.SignInUrl("sso")));
    }

    [Fact]
    public async Task A_recovery_code_works_once()
    {
        var upn = await _idp.NewUserAsync("staff");
        using var enrolling = _idp.NewBrowser();
        var (recovery, _) = await EnrollAsync(enrolling, await PasswordAsync(enrolling, upn));
        var codes = RecoveryCodes(recovery);

        using var first = _idp.NewBrowser();
        var verify = await PasswordAsync(first, upn);
        var recoveryForm = await first.GetAsync(verify.Url + "&method=recovery");
        Assert.Equal("Recovery code", recoveryForm.Text("label[for='code']"));
        var token = await SubmitCodeAsync(first, recoveryForm, codes[3].ToLowerInvariant());
        AssertMfaToken(token);

        using var second = _idp.NewBrowser();
        var secondVerify = await PasswordAsync(second, upn);
        var again = await second.GetAsync(secondVerify.Url + "&method=recovery");
        var refused = await SubmitCodeAsync(second, again, codes[3]);
        Assert.Equal(HttpStatusCode.OK, refused.Status);
        Assert.StartsWith("That recovery code didn't work.", refused.Text("#mfa-error"), StringComparison.Ordinal);
        Assert.Null(refused.Field("wresult"));
        AssertMfaToken(await SubmitCodeAsync(second, refused, codes[4]));

        Assert.Equal(8, (await _idp.EnrollmentAsync(upn))!.RecoveryCodeHashes.Count);
        await ServerAudit.WaitForAsync(_idp.Directory.Audit, upn, e => e.Reason == "mfa recovery code used" && e.Details!.Contains("\"recoveryCodesLeft\":9", StringComparison.Ordinal));
        await ServerAudit.WaitForAsync(_idp.Directory.Audit, upn, e => e.Reason == "mfa recovery code used" && e.Details!.Contains("\"recoveryCodesLeft\":8", StringComparison.Ordinal));
        await ServerAudit.WaitForAsync(_idp.Directory.Audit, upn, e => e.Reason == "mfa recovery code refused" && e.Outcome == AuditOutcomes.Failure);
    }

    [Fact]
    public async Task A_wrong_code_is_refused_with_a_clear_message_and_no_token()
    {
        var upn = await _idp.NewUserAsync("staff");
        using var enrolling = _idp.NewBrowser();
        var (_, app) = await EnrollAsync(enrolling, await PasswordAsync(enrolling, upn));

        using var browser = _idp.NewBrowser();
        var verify = await PasswordAsync(browser, upn);
        var refused = await SubmitCodeAsync(browser, verify, app.WrongCode());

        Assert.Equal(HttpStatusCode.OK, refused.Status);
        AssertOnPage(refused, "/mfa");
        Assert.Equal("That code didn't work. Check the time-based code in your authenticator app and try again. 2 attempts left.", refused.Text("#mfa-error"));
        Assert.Null(refused.Field("wresult"));
        var audit = await ServerAudit.WaitForAsync(_idp.Directory.Audit, upn, e => e.Reason == "mfa code refused");
        Assert.Equal(AuditOutcomes.Failure, audit.Outcome);
        Assert.Equal(AuditEventTypes.Mfa, audit.EventType);
    }

    [Fact]
    public async Task The_same_code_twice_is_refused_as_already_used()
    {
        var upn = await _idp.NewUserAsync("staff");
        using var enrolling = _idp.NewBrowser();
        var enroll = await PasswordAsync(enrolling, upn);
        var app = AuthenticatorApp.FromEnrollmentPage(enroll);
        var code = await app.CodeAsync(0);
        var recovery = await enrolling.SubmitAsync(enroll, new Dictionary<string, string> { ["Code"] = code });
        Assert.Equal(10, RecoveryCodes(recovery).Length);

        using var browser = _idp.NewBrowser();
        var replayed = await SubmitCodeAsync(browser, await PasswordAsync(browser, upn), code);

        Assert.Equal("That code has already been used. Wait for your app to show a new code, then enter it. 2 attempts left.", replayed.Text("#mfa-error"));
        Assert.Null(replayed.Field("wresult"));
        await ServerAudit.WaitForAsync(_idp.Directory.Audit, upn, e => e.Reason == "mfa code replayed");
    }

    [Fact]
    public async Task Too_many_wrong_codes_lock_mfa_so_even_the_right_code_is_refused()
    {
        var upn = await _idp.NewUserAsync("staff");
        using var enrolling = _idp.NewBrowser();
        var (_, app) = await EnrollAsync(enrolling, await PasswordAsync(enrolling, upn));

        using var browser = _idp.NewBrowser();
        var page = await PasswordAsync(browser, upn);
        var verifyUrl = page.Url;
        page = await SubmitCodeAsync(browser, page, app.WrongCode());
        page = await SubmitCodeAsync(browser, page, app.WrongCode());
        Assert.EndsWith("1 attempt left.", page.Text("#mfa-error"), StringComparison.Ordinal);
        var locked = await SubmitCodeAsync(browser, page, app.WrongCode());

        Assert.Equal((HttpStatusCode)429, locked.Status);
        Assert.Equal("IDPF2006", locked.Text("#error-code"));
        Assert.Null(locked.Field("wresult"));

        // A new sign-in, even with the password and the right code, is refused while the lockout lasts.
        using var later = _idp.NewBrowser();
        var refused = await PasswordAsync(later, upn);
        Assert.Equal((HttpStatusCode)429, refused.Status);
        Assert.Equal("IDPF2006", refused.Text("#error-code"));
        var codePage = await browser.GetAsync(verifyUrl);
        Assert.Equal((HttpStatusCode)429, codePage.Status);
        Assert.Null(codePage.Document.QuerySelector("input#code"));

        var lockout = await ServerAudit.WaitForAsync(_idp.Directory.Audit, upn, e => e.Reason == "mfa locked out");
        Assert.Contains("\"lockedNow\":true", lockout.Details, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_stored_seed_is_not_the_plain_secret_and_recovery_codes_are_stored_hashed()
    {
        var upn = await _idp.NewUserAsync("staff");
        using var browser = _idp.NewBrowser();
        var (recovery, app) = await EnrollAsync(browser, await PasswordAsync(browser, upn));
        var codes = RecoveryCodes(recovery);

        var stored = await _idp.EnrollmentAsync(upn);
        Assert.NotNull(stored!.ConfirmedAt);
        var seed = Base32Decode(app.Secret);
        foreach (var form in new[] { app.Secret, app.Secret.ToLowerInvariant(), Convert.ToBase64String(seed), Convert.ToHexString(seed), Convert.ToHexString(seed).ToLowerInvariant() })
        {
            Assert.DoesNotContain(form, stored.ProtectedSeed, StringComparison.Ordinal);
        }

        Assert.Equal(10, stored.RecoveryCodeHashes.Count);
        Assert.All(stored.RecoveryCodeHashes, h => Assert.StartsWith("pbkdf2-sha256$", h, StringComparison.Ordinal));
        Assert.DoesNotContain(stored.RecoveryCodeHashes, h => codes.Any(c => h.Contains(c, StringComparison.OrdinalIgnoreCase) || h.Contains(c.Replace("-", "", StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase)));

        // And the server's logs never held them either.
        var log = _idp.Server.Output;
        Assert.DoesNotContain(app.Secret, log, StringComparison.Ordinal);
        Assert.DoesNotContain(codes[0], log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_remembered_device_skips_the_code_where_the_policy_allows_it_but_never_claims_mfa_and_a_reset_revokes_it()
    {
        var upn = await _idp.NewUserAsync("travellers");
        using var enrolling = _idp.NewBrowser();
        var (_, app) = await EnrollAsync(enrolling, await PasswordAsync(enrolling, upn));

        using var browser = _idp.NewBrowser();
        var verify = await PasswordAsync(browser, upn);
        Assert.Equal("Don't ask again on this device for 30 days", verify.Document.QuerySelector("label.checkbox")!.TextContent.Trim());
        AssertMfaToken(await SubmitCodeAsync(browser, verify, await app.CodeAsync(0), rememberDevice: true));
        var device = browser.Cookies.GetCookies(new Uri(_idp.BaseUrl)).Single(c => c.Name == "idpfed.device");
        Assert.True(device.HttpOnly);
        Assert.InRange(device.Expires.ToUniversalTime(), DateTime.UtcNow.AddDays(29), DateTime.UtcNow.AddDays(31));

        // A new session on the same device: the password suffices, and the token does not pretend MFA happened.
        using var sameDevice = _idp.NewBrowser();
        sameDevice.Cookies.Add(new Uri(_idp.BaseUrl), new Cookie(device.Name, device.Value));
        AssertPasswordOnlyToken(await PasswordAsync(sameDevice, upn));
        await ServerAudit.WaitForAsync(_idp.Directory.Audit, upn, e => e.EventType == AuditEventTypes.Mfa && e.Reason == "mfa remembered device");

        // Entra's own demand for MFA is never answered by a remembered device.
        using var demanded = _idp.NewBrowser();
        demanded.Cookies.Add(new Uri(_idp.BaseUrl), new Cookie(device.Name, device.Value));
        AssertOnPage(await PasswordAsync(demanded, upn, wauth: MultipleAuthN), "/mfa");

        // Another user cannot borrow the cookie.
        var other = await _idp.NewUserAsync("travellers");
        using var borrowed = _idp.NewBrowser();
        borrowed.Cookies.Add(new Uri(_idp.BaseUrl), new Cookie(device.Name, device.Value));
        AssertOnPage(await PasswordAsync(borrowed, other), "/mfa/enroll");

        // idpfed mfa reset: the enrolment, and with it every remembered device, is gone.
        using var cli = new StringWriter();
        using var errors = new StringWriter();
        var exit = await IdpFederation.Cli.IdpFedCli.RunAsync(["--config-dir", _idp.Environment.ConfigDirectory, "mfa", "reset", upn], TextReader.Null, cli, errors);
        Assert.True(exit == 0, cli + "\n" + errors);
        using var afterReset = _idp.NewBrowser();
        afterReset.Cookies.Add(new Uri(_idp.BaseUrl), new Cookie(device.Name, device.Value));
        AssertOnPage(await PasswordAsync(afterReset, upn), "/mfa/enroll");
        await ServerAudit.WaitForAsync(_idp.Directory.Audit, upn, e => e.EventType == AuditEventTypes.Mfa && e.Reason == "mfa reset");
    }

    [Fact]
    public async Task The_remember_option_is_not_offered_where_the_policy_does_not_allow_it()
    {
        var upn = await _idp.NewUserAsync("staff");
        using var enrolling = _idp.NewBrowser();
        var (_, app) = await EnrollAsync(enrolling, await PasswordAsync(enrolling, upn));

        using var browser = _idp.NewBrowser();
        var verify = await PasswordAsync(browser, upn);
        Assert.Null(verify.Document.QuerySelector("#remember-device"));
        AssertMfaToken(await SubmitCodeAsync(browser, verify, await app.CodeAsync(0), rememberDevice: true));
        Assert.DoesNotContain(browser.Cookies.GetCookies(new Uri(_idp.BaseUrl)), c => c.Name == "idpfed.device");
    }

    [Fact]
    public async Task A_stolen_session_cookie_cannot_enrol_an_authenticator()
    {
        // The attacker starts a sign-in of their own that demands MFA, then obtains the victim's session cookie.
        using var attacker = _idp.NewBrowser();
        var started = await attacker.GetAsync(WsFederationClient.SignInUrl("attacker", wauth: MultipleAuthN), followRedirects: false);
        var signin = started.Location!.OriginalString["/login?signin=".Length..];
        var victimUpn = await _idp.NewUserAsync();
        using var victim = _idp.NewBrowser();
        AssertPasswordOnlyToken(await PasswordAsync(victim, victimUpn));
        var stolen = victim.Cookies.GetCookies(new Uri(_idp.BaseUrl))["idpfed.session"]!;
        attacker.Cookies.Add(new Uri(_idp.BaseUrl), new Cookie(stolen.Name, stolen.Value));

        var enroll = await attacker.GetAsync("/mfa/enroll?signin=" + signin);

        Assert.StartsWith("/login?signin=", enroll.Url, StringComparison.Ordinal);
        Assert.Null(enroll.Document.QuerySelector("#secret"));
        Assert.Null(await _idp.EnrollmentAsync(victimUpn));
    }

    [Fact]
    public async Task A_seed_shown_to_one_sign_in_is_never_the_one_another_sign_in_confirms()
    {
        var upn = await _idp.NewUserAsync("staff");
        using var attacker = _idp.NewBrowser();
        var attackerPage = await PasswordAsync(attacker, upn);
        var attackerApp = AuthenticatorApp.FromEnrollmentPage(attackerPage);

        using var user = _idp.NewBrowser();
        var userPage = await PasswordAsync(user, upn);
        var userApp = AuthenticatorApp.FromEnrollmentPage(userPage);
        Assert.NotEqual(attackerApp.Secret, userApp.Secret);
        AssertMfaToken(await ContinueAsync(user, (await EnrollAsync(user, userPage, stepOffset: -1)).RecoveryPage));

        // The abandoned set-up cannot be confirmed, and its seed opens nothing later.
        var stale = await attacker.SubmitAsync(attackerPage, new Dictionary<string, string> { ["Code"] = await attackerApp.CodeAsync(0) });
        Assert.Null(stale.Field("wresult"));
        Assert.Null(stale.Document.QuerySelector("#recovery-codes"));
        using var later = _idp.NewBrowser();
        var verify = await PasswordAsync(later, upn);
        AssertOnPage(verify, "/mfa");
        var refused = await SubmitCodeAsync(later, verify, await attackerApp.CodeAsync(1));
        Assert.Null(refused.Field("wresult"));
        AssertMfaToken(await SubmitCodeAsync(later, refused, await userApp.CodeAsync(1)));
    }

    [Fact]
    public async Task Mfa_reset_ends_the_sessions_mfa_even_without_redis()
    {
        var upn = await _idp.NewUserAsync("staff");
        using var browser = _idp.NewBrowser();
        AssertMfaToken(await ContinueAsync(browser, (await EnrollAsync(browser, await PasswordAsync(browser, upn))).RecoveryPage));
        AssertMfaToken(await browser.GetAsync(WsFederationClient.SignInUrl("before-reset")));

        var exit = await IdpFederation.Cli.IdpFedCli.RunAsync(["--config-dir", _idp.Environment.ConfigDirectory, "mfa", "reset", upn], TextReader.Null, TextWriter.Null, TextWriter.Null);
        Assert.Equal(0, exit);

        var after = await browser.GetAsync(WsFederationClient.SignInUrl("after-reset"));
        Assert.Null(after.Field("wresult"));
        Assert.StartsWith("/login?signin=", after.Url, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Racing_wrong_codes_cannot_check_more_codes_than_the_limit()
    {
        var upn = await _idp.NewUserAsync("staff");
        using var enrolling = _idp.NewBrowser();
        var (_, app) = await EnrollAsync(enrolling, await PasswordAsync(enrolling, upn));
        using var browser = _idp.NewBrowser();
        var verify = await PasswordAsync(browser, upn);

        var attempts = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => SubmitCodeAsync(browser, verify, app.WrongCode())));

        var checkedCodes = attempts.Count(p => p.Status == HttpStatusCode.OK);
        Assert.InRange(checkedCodes, 0, 2);
        Assert.Equal(12 - checkedCodes, attempts.Count(p => p.Status == (HttpStatusCode)429));
        Assert.All(attempts.Where(p => p.Status == (HttpStatusCode)429), p => Assert.True(p.Headers.ContainsKey("Retry-After")));
    }

    [Fact]
    public async Task Bad_input_on_the_mfa_pages_gets_a_clear_answer_and_changes_nothing()
    {
        using var anonymous = _idp.NewBrowser();
        foreach (var url in new[] { "/mfa?signin=not-a-sign-in", "/mfa/enroll?signin=" + new string('A', 43), "/mfa", "/mfa/enroll?signin=%00%01" })
        {
            var page = await anonymous.GetAsync(url);
            Assert.Equal(HttpStatusCode.BadRequest, page.Status);
            Assert.Equal("IDPF1007", page.Text("#error-code"));
        }

        var upn = await _idp.NewUserAsync("staff");
        using var enrolling = _idp.NewBrowser();
        await EnrollAsync(enrolling, await PasswordAsync(enrolling, upn));
        var before = await _idp.EnrollmentAsync(upn);
        using var browser = _idp.NewBrowser();
        var verify = await PasswordAsync(browser, upn);
        foreach (var junk in new[] { new string('9', 10_000), "<script>alert(1)</script>", "١٢٣٤٥٦", "" })
        {
            var page = await SubmitCodeAsync(browser, verify, junk);
            Assert.True(page.Status is HttpStatusCode.OK or (HttpStatusCode)429, $"{(int)page.Status} for junk input");
            Assert.Null(page.Field("wresult"));
            Assert.DoesNotContain("<script>alert(1)</script>", page.Html, StringComparison.Ordinal);
        }

        var after = await _idp.EnrollmentAsync(upn);
        Assert.Equal(before!.ProtectedSeed, after!.ProtectedSeed);
        Assert.Equal(before.RecoveryCodeHashes, after.RecoveryCodeHashes);
        Assert.Equal(before.ConfirmedAt, after.ConfirmedAt);
    }

    private static byte[] Base32Decode(string base32) => OtpNet.Base32Encoding.ToBytes(base32);
}

/// <summary>Past the MFA lifetime the session's MFA no longer counts: the user is asked for a code again.</summary>
[Trait("Kind", "Integration")]
public sealed class MfaLifetimeTests : IClassFixture<ShortMfaLifetimeServerFixture>
{
    private readonly ShortMfaLifetimeServerFixture _idp;

    public MfaLifetimeTests(ShortMfaLifetimeServerFixture idp) => _idp = idp;

    [Fact]
    public async Task After_the_mfa_lifetime_a_request_that_needs_mfa_asks_for_the_code_again()
    {
        var upn = await _idp.NewUserAsync("staff");
        using var browser = _idp.NewBrowser();
        var (recovery, app) = await EnrollAsync(browser, await PasswordAsync(browser, upn));
        AssertMfaToken(await ContinueAsync(browser, recovery));

        // Until the lifetime ends the session's MFA is reused (each request gets a token); then the code is asked again.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        Page again;
        while (!(again = await browser.GetAsync(WsFederationClient.SignInUrl("later"))).Url.StartsWith("/mfa?", StringComparison.Ordinal))
        {
            Assert.True(DateTime.UtcNow < deadline, "MFA was still reused 90 s after a 15 s lifetime");
            AssertMfaToken(again);
            await Task.Delay(500);
        }

        AssertOnPage(again, "/mfa");
        Assert.Null(again.Field("wresult"));
        var token = await SubmitCodeAsync(browser, again, await app.CodeAsync(0));
        Assert.Equal("later", token.Field("wctx"));
        AssertMfaToken(token);
    }
}

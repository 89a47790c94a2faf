using System.Net;
using System.Text.Json;
using IdpFederation.Tests.Policies;
using IdpFederation.Tests.Server;
using static IdpFederation.Tests.Mfa.MfaBrowserFlow;

namespace IdpFederation.Tests.Mfa;

/// <summary>
/// A lost Data Protection key ring makes every stored seed unreadable. The IdP must say so (readiness Degraded with 503, a
/// distinct audit reason, a page that points to recovery codes), never crash, and never let anyone past MFA.
/// </summary>
[Trait("Kind", "Integration")]
public sealed class MfaKeyRingLossTests
{
    [Fact]
    public async Task After_the_key_ring_is_lost_readiness_is_degraded_codes_cannot_pass_and_a_recovery_code_still_works()
    {
        await using var idp = new MfaServerFixture();
        await idp.InitializeAsync();
        var upn = await idp.NewUserAsync("staff");
        string[] codes;
        AuthenticatorApp app;
        using (var browser = idp.NewBrowser())
        {
            var (recovery, enrolledApp) = await EnrollAsync(browser, await PasswordAsync(browser, upn));
            codes = RecoveryCodes(recovery);
            app = enrolledApp;
        }

        using (var health = new HttpClient { BaseAddress = new Uri(idp.Environment.ManagementUrl) })
        {
            Assert.Equal((HttpStatusCode.OK, "Healthy"), await MfaKeysStatusAsync(health));
        }

        await idp.Server.DisposeAsync();
        System.IO.Directory.Delete(Path.Combine(idp.Environment.DataDirectory, "keys"), recursive: true);
        await idp.RestartServerAsync(waitForReady: false);

        // Degraded, and 503: users who need MFA cannot pass it on this node, so the load balancer must drain it.
        using (var health = new HttpClient { BaseAddress = new Uri(idp.Environment.ManagementUrl) })
        {
            // The first probes after a start may still be settling (the database check); the key ring's answer is fixed.
            await WaitForMfaKeysStatusAsync(health, (HttpStatusCode.ServiceUnavailable, "Degraded"));
        }

        using var after = idp.NewBrowser();
        var verify = await PasswordAsync(after, upn);
        AssertOnPage(verify, "/mfa");
        var refused = await SubmitCodeAsync(after, verify, await app.CodeAsync(0));
        Assert.Equal(HttpStatusCode.OK, refused.Status);
        Assert.Equal("Your authenticator can't be checked right now. Use a recovery code, or contact your help desk.", refused.Text("#mfa-error"));
        Assert.Null(refused.Field("wresult"));
        await ServerAudit.WaitForAsync(idp.Directory.Audit, upn, e => e.Reason == "mfa authenticator unreadable");

        var recoveryForm = await after.GetAsync(verify.Url + "&method=recovery");
        AssertMfaToken(await SubmitCodeAsync(after, recoveryForm, codes[0]));
    }

    private static async Task<(HttpStatusCode Status, string? MfaKeys)> MfaKeysStatusAsync(HttpClient health)
    {
        var (status, mfaKeys, _) = await ReadinessAsync(health);
        return (status, mfaKeys);
    }

    /// <summary>/health/ready's status code, the mfa-keys check, and whether every other check is Healthy.</summary>
    private static async Task<(HttpStatusCode Status, string? MfaKeys, bool OthersHealthy)> ReadinessAsync(HttpClient health)
    {
        using var response = await health.GetAsync("/health/ready");
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var checks = document.RootElement.GetProperty("checks").EnumerateObject().ToDictionary(c => c.Name, c => c.Value.GetProperty("status").GetString());
        return (response.StatusCode, checks["mfa-keys"], checks.Where(c => c.Key != "mfa-keys").All(c => c.Value == "Healthy"));
    }

    /// <summary>
    /// Waits until the other checks have settled (the database check may fail its first probes on a busy machine) and
    /// the key ring reads Degraded, so the status code then asserted is the key ring's alone.
    /// </summary>
    private static async Task WaitForMfaKeysStatusAsync(HttpClient health, (HttpStatusCode Status, string MfaKeys) expected)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        var readiness = await ReadinessAsync(health);
        while (!(readiness.OthersHealthy && readiness.MfaKeys == expected.MfaKeys) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
            readiness = await ReadinessAsync(health);
        }

        Assert.Equal(expected, (readiness.Status, readiness.MfaKeys));
    }
}

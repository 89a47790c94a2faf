using System.Net;
using IdpFederation.Tests.Mfa;
using IdpFederation.Tests.Server;
using IdpFederation.Tests.State;
using static IdpFederation.Tests.Mfa.MfaBrowserFlow;

namespace IdpFederation.Tests.MultiInstance;

/// <summary>
/// MFA across two instances sharing Redis and the database: enrolment begun on one finishes on the other (shared
/// pending sign-in, antiforgery and Data Protection keys), and a time step used on one is refused on the other.
/// </summary>
[Trait("Kind", "Integration")]
public sealed class TwoInstanceMfaTests : IClassFixture<TwoInstanceFixture>, IRequiresRedis
{
    private const string Upn = "fay@contoso.com";
    private readonly TwoInstanceFixture _idp;

    public TwoInstanceMfaTests(TwoInstanceFixture idp) => _idp = idp;

    private string A => _idp.A.BaseUrl;
    private string B => _idp.B.BaseUrl;

    private static async Task<Page> PasswordOnAsync(BrowserClient browser, string instance, string wctx)
    {
        var login = await InstanceNavigation.GetAsync(browser, instance, WsFederationClient.SignInUrl(wctx, Upn, wauth: MultipleAuthN));
        Assert.Equal(HttpStatusCode.OK, login.Status);
        return await InstanceNavigation.LoginAsync(browser, instance, login, Upn, TwoInstanceFixture.Password);
    }

    [StateFact]
    public async Task Enrolment_started_on_A_finishes_on_B_and_a_code_used_on_one_instance_is_refused_on_the_other()
    {
        // Enrol: the QR page from A, the confirming code posted to B, the token from A.
        using var enrolling = new BrowserClient(A);
        var enroll = await PasswordOnAsync(enrolling, A, "enrol");
        AssertOnPage(enroll, "/mfa/enroll");
        var app = AuthenticatorApp.FromEnrollmentPage(enroll);
        var firstCode = await app.CodeAsync(0);
        var recovery = await InstanceNavigation.SubmitAsync(enrolling, B, enroll, new Dictionary<string, string> { ["Code"] = firstCode });
        Assert.Equal(10, RecoveryCodes(recovery).Length);
        var token = await InstanceNavigation.GetAsync(enrolling, A, recovery.Document.Forms.Single().GetAttribute("action") + "?signin=" + recovery.Field("signin"));
        Assert.Equal("enrol", token.Field("wctx"));
        AssertMfaToken(token);

        // The code B accepted is refused by A.
        using var second = new BrowserClient(A);
        var verifyOnA = await PasswordOnAsync(second, A, "second");
        AssertOnPage(verifyOnA, "/mfa");
        var replayed = await InstanceNavigation.SubmitAsync(second, A, verifyOnA, new Dictionary<string, string> { ["Code"] = firstCode });
        Assert.StartsWith("That code has already been used.", replayed.Text("#mfa-error"), StringComparison.Ordinal);
        Assert.Null(replayed.Field("wresult"));

        // The next step's code works on A, and is then refused by B.
        var nextCode = await app.CodeAsync(1);
        AssertMfaToken(await InstanceNavigation.SubmitAsync(second, A, replayed, new Dictionary<string, string> { ["Code"] = nextCode }));
        using var third = new BrowserClient(B);
        var verifyOnB = await PasswordOnAsync(third, B, "third");
        var refusedOnB = await InstanceNavigation.SubmitAsync(third, B, verifyOnB, new Dictionary<string, string> { ["Code"] = nextCode });
        Assert.StartsWith("That code has already been used.", refusedOnB.Text("#mfa-error"), StringComparison.Ordinal);
        Assert.Null(refusedOnB.Field("wresult"));
    }
}

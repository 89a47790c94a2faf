using IdpFederation.Core.Directory;
using IdpFederation.Core.Mfa;
using IdpFederation.Core.Pipeline;
using IdpFederation.Core.Policies;
using IdpFederation.Core.Sessions;
using IdpFederation.Core.SignIn;
using PolicySnippets = IdpFederation.Tests.Policies.PolicySnippets;

namespace IdpFederation.Tests.CoreLayer;

/// <summary>
/// The MFA step on its own: whether MFA is needed (policy, wauth), and what answers it (session MFA with the current
/// enrolment, a remembered device, a code, enrolment after a password typed on this flow's login page), and the
/// lockout. The context is filled in as the earlier steps would have left it (session, user, policy decision, and the
/// pending sign-in's ID once the request has been saved for a page).
/// </summary>
[Trait("Kind", "Unit")]
public sealed class MfaStepTests
{
    private const string Alice = "alice@contoso.com";

    private readonly CoreTestFactory _factory = new();
    private readonly DirectoryUser _alice;

    /// <summary>This sign-in's pending ID, which every context carries unless a test says otherwise.</summary>
    private readonly string _flow = SessionIds.NewId();

    public MfaStepTests() => _alice = _factory.Directory.Add(Alice);

    private DateTimeOffset Now => _factory.Time.GetUtcNow();

    private static PolicyDecision Policy(PolicyOutcome outcome, int? rememberDeviceDays = null) =>
        new(outcome, [], false) { RememberDeviceDays = rememberDeviceDays };

    private static PolicyDecision RequireMfa(int? rememberDeviceDays = null) => Policy(PolicyOutcome.RequireMfa, rememberDeviceDays);

    private static PolicyDecision Allow => Policy(PolicyOutcome.Allow);

    private SignInContext Context(PolicyDecision? policy, bool wauth = false, SsoSession? session = null, DateTimeOffset? receivedAt = null,
        string? rememberedDevice = null, DirectoryUser? user = null, string? flow = null, bool withoutFlow = false) => new()
    {
        Request = _factory.SignInRequest(mfa: wauth, receivedAt: receivedAt),
        PendingSignInId = withoutFlow ? null : flow ?? _flow,
        Session = session ?? _factory.Session(Alice),
        User = user ?? _alice,
        Policy = policy,
        RememberedDeviceToken = rememberedDevice,
    };

    private Task<SignInDecision> EvaluateAsync(SignInContext context) => _factory.CreateMfaStep().EvaluateAsync(context, default).AsTask();

    /// <summary>A session as this flow's login page creates it: the password typed at <paramref name="authenticatedAt"/> (now by default).</summary>
    private SsoSession LoginSession(DateTimeOffset? authenticatedAt = null) => _factory.Session(Alice, authenticatedAt: authenticatedAt ?? Now, forSignIn: _flow);

    /// <summary>A session upgraded by the MFA pages at <paramref name="mfaAt"/> with <paramref name="enrollment"/> (its stamp).</summary>
    private SsoSession MfaSession(DateTimeOffset mfaAt, MfaEnrollment? enrollment) => _factory.Session(Alice) with
    {
        MultiFactorAuthenticatedAt = mfaAt,
        MultiFactorEnrollmentStamp = enrollment?.ConfirmedAt?.ToUnixTimeMilliseconds(),
    };

    /// <summary>Stores a confirmed enrolment for the user with a real protected seed, confirmed at <paramref name="confirmedAt"/>.</summary>
    private MfaEnrollment Enroll(DirectoryUser user, DateTimeOffset? confirmedAt = null, TotpSecret? secret = null)
    {
        var protectedSeed = _factory.CreateMfaSecretProtector().Protect(user.Id.ToString("N"), secret ?? TotpSecret.Generate());
        var enrollment = new MfaEnrollment(user.Id, protectedSeed, Now.AddDays(-1), confirmedAt ?? Now.AddDays(-1).AddMinutes(2), []);
        _factory.MfaEnrollments.Put(enrollment);
        return enrollment;
    }

    private async Task FailCodesAsync(int count)
    {
        var mfa = _factory.CreateMfaAuthenticator();
        for (var i = 0; i < count; i++)
        {
            // Not a possible 6-digit code, so it can never be right by chance.
            Assert.False((await mfa.VerifyCodeAsync(_alice, "abcdef")).Succeeded);
        }
    }

    [Fact]
    public void Its_name_is_stable() => Assert.Equal("mfa", _factory.CreateMfaStep().Name);

    [Fact]
    public async Task Null_context_is_refused() =>
        await Assert.ThrowsAsync<ArgumentNullException>(async () => await _factory.CreateMfaStep().EvaluateAsync(null!, default));

    // ---- not required ----

    [Fact]
    public async Task Without_a_policy_demand_or_a_wauth_demand_it_continues_without_looking_up_the_enrolment()
    {
        Enroll(_alice);
        var context = Context(Allow);

        var decision = await EvaluateAsync(context);

        Assert.Equal(SignInDecisionKind.Continue, decision.Kind);
        Assert.Equal("mfa not required", decision.Reason);
        Assert.Equal(0, _factory.MfaEnrollments.GetCalls);
        Assert.Null(context.MfaRequiredBy);
        Assert.Null(context.MfaEnrollment);
        Assert.Null(context.RememberDeviceDays);
        Assert.False(context.MultiFactorAuthenticated);
        Assert.False(context.MfaSatisfiedByRememberedDevice);
    }

    [Fact]
    public async Task Without_any_policy_decision_mfa_is_not_required()
    {
        var decision = await EvaluateAsync(Context(policy: null));

        Assert.Equal(SignInDecisionKind.Continue, decision.Kind);
        Assert.Equal(0, _factory.MfaEnrollments.GetCalls);
    }

    [Fact]
    public async Task When_not_required_the_context_still_says_whether_the_session_has_mfa()
    {
        var enrollment = Enroll(_alice);
        var context = Context(Allow, session: MfaSession(Now.AddMinutes(-5), enrollment));

        Assert.Equal(SignInDecisionKind.Continue, (await EvaluateAsync(context)).Kind);
        Assert.True(context.MultiFactorAuthenticated);
    }

    [Fact]
    public async Task When_not_required_session_mfa_of_a_replaced_enrolment_is_not_reported()
    {
        // The token must not claim MFA proved with an authenticator the administrator has since reset.
        var old = Enroll(_alice);
        var session = MfaSession(Now.AddMinutes(-5), old);
        Enroll(_alice, confirmedAt: Now.AddMinutes(-1));
        var context = Context(Allow, session: session);

        Assert.Equal(SignInDecisionKind.Continue, (await EvaluateAsync(context)).Kind);
        Assert.False(context.MultiFactorAuthenticated);
    }

    // ---- not enrolled: enrolment only right after a password typed in this sign-in ----

    [Fact]
    public async Task Required_by_policy_without_enrolment_and_with_a_fresh_password_asks_for_enrolment()
    {
        var received = Now;
        _factory.Time.Advance(TimeSpan.FromSeconds(20));
        var context = Context(RequireMfa(), receivedAt: received, session: LoginSession());

        var decision = await EvaluateAsync(context);

        Assert.Equal(SignInDecisionKind.RequireMfaEnrollment, decision.Kind);
        Assert.Equal("mfa required by policy; not enrolled", decision.Reason);
        Assert.Null(decision.ErrorCode);
        Assert.Equal("policy", context.MfaRequiredBy);
        Assert.Null(context.MfaEnrollment);
        Assert.Equal(1, _factory.MfaEnrollments.GetCalls);
    }

    [Fact]
    public async Task A_password_typed_at_the_very_instant_the_request_arrived_is_fresh()
    {
        var context = Context(RequireMfa(), receivedAt: Now, session: LoginSession());

        Assert.Equal(SignInDecisionKind.RequireMfaEnrollment, (await EvaluateAsync(context)).Kind);
    }

    [Fact]
    public async Task Without_enrolment_a_password_checked_before_the_request_requires_a_new_login()
    {
        // SSO with a session cookie alone must never lead to binding an authenticator: the cookie may be stolen.
        var received = Now;
        var context = Context(RequireMfa(), receivedAt: received, session: LoginSession(received.AddMilliseconds(-1)));

        var decision = await EvaluateAsync(context);

        Assert.Equal(SignInDecisionKind.RequireLogin, decision.Kind);
        Assert.Equal("mfa enrolment needs a fresh password", decision.Reason);
        Assert.Equal("policy", context.MfaRequiredBy);
    }

    [Fact]
    public async Task Without_enrolment_a_fresh_password_older_than_the_enrolment_window_requires_a_new_login()
    {
        var received = Now;
        var session = LoginSession(received);
        _factory.Time.Advance(_factory.CurrentOptions.Mfa.EnrollmentWindow + TimeSpan.FromMilliseconds(1));

        var decision = await EvaluateAsync(Context(RequireMfa(), receivedAt: received, session: session));

        Assert.Equal(SignInDecisionKind.RequireLogin, decision.Kind);
        Assert.Equal("mfa enrolment needs a fresh password", decision.Reason);
    }

    [Fact]
    public async Task A_password_exactly_one_enrolment_window_old_is_still_fresh_enough()
    {
        var received = Now;
        var session = LoginSession(received);
        _factory.Time.Advance(_factory.CurrentOptions.Mfa.EnrollmentWindow);

        Assert.Equal(SignInDecisionKind.RequireMfaEnrollment, (await EvaluateAsync(Context(RequireMfa(), receivedAt: received, session: session))).Kind);
    }

    [Fact]
    public async Task The_enrolment_window_follows_reloaded_options()
    {
        var received = Now;
        var session = LoginSession(received);
        _factory.Time.Advance(TimeSpan.FromMinutes(3));
        Assert.Equal(SignInDecisionKind.RequireMfaEnrollment, (await EvaluateAsync(Context(RequireMfa(), receivedAt: received, session: session))).Kind);
        var step = _factory.CreateMfaStep();
        var reloaded = CoreTestFactory.DefaultOptions();
        reloaded.Mfa.EnrollmentWindow = TimeSpan.FromMinutes(2);
        _factory.Options.Set(reloaded);

        var decision = await step.EvaluateAsync(Context(RequireMfa(), receivedAt: received, session: session), default);

        Assert.Equal(SignInDecisionKind.RequireLogin, decision.Kind);
    }

    [Fact]
    public async Task An_unconfirmed_enrolment_takes_the_enrolment_path()
    {
        var pending = new MfaEnrollment(_alice.Id, _factory.CreateMfaSecretProtector().Protect(_alice.Id.ToString("N"), TotpSecret.Generate()), Now, null, []);
        _factory.MfaEnrollments.Put(pending);
        var context = Context(RequireMfa(), receivedAt: Now, session: LoginSession());

        var decision = await EvaluateAsync(context);

        Assert.Equal(SignInDecisionKind.RequireMfaEnrollment, decision.Kind);
        Assert.NotNull(context.MfaEnrollment);
        Assert.False(context.MfaEnrollment.IsConfirmed);
        Assert.Equal(pending.ProtectedSeed, context.MfaEnrollment.ProtectedSeed);
    }

    [Fact]
    public async Task An_unconfirmed_enrolment_with_a_stale_password_requires_a_new_login()
    {
        _factory.MfaEnrollments.Put(new MfaEnrollment(_alice.Id, _factory.CreateMfaSecretProtector().Protect(_alice.Id.ToString("N"), TotpSecret.Generate()), Now, null, []));
        var received = Now;

        var decision = await EvaluateAsync(Context(RequireMfa(), receivedAt: received, session: LoginSession(received.AddMinutes(-1))));

        Assert.Equal(SignInDecisionKind.RequireLogin, decision.Kind);
    }

    [Fact]
    public async Task A_fresh_password_typed_in_another_flow_requires_a_new_login()
    {
        // The session cookie (stolen, or another tab's) carries a password typed on another flow's login page.
        var otherFlow = SessionIds.NewId();
        var session = _factory.Session(Alice, authenticatedAt: Now, forSignIn: otherFlow);
        var context = Context(RequireMfa(), receivedAt: Now, session: session);

        var decision = await EvaluateAsync(context);

        Assert.Equal(SignInDecisionKind.RequireLogin, decision.Kind);
        Assert.Equal("mfa enrolment needs a fresh password", decision.Reason);
        // In its own flow the same session may enrol.
        Assert.Equal(SignInDecisionKind.RequireMfaEnrollment, (await EvaluateAsync(Context(RequireMfa(), receivedAt: Now, session: session, flow: otherFlow))).Kind);
    }

    [Fact]
    public async Task Without_a_pending_sign_in_enrolment_is_never_offered()
    {
        // A request on its first arrival has no pending ID yet: nothing ties a password to it.
        var context = Context(RequireMfa(), receivedAt: Now, session: LoginSession(), withoutFlow: true);

        var decision = await EvaluateAsync(context);

        Assert.Equal(SignInDecisionKind.RequireLogin, decision.Kind);
        Assert.Equal("mfa enrolment needs a fresh password", decision.Reason);
    }

    [Fact]
    public async Task A_session_that_records_no_login_flow_cannot_enrol()
    {
        // Sessions created before the field existed, or by anything but the login page.
        var context = Context(RequireMfa(), receivedAt: Now, session: _factory.Session(Alice, authenticatedAt: Now));

        Assert.Equal(SignInDecisionKind.RequireLogin, (await EvaluateAsync(context)).Kind);
    }

    [Fact]
    public async Task The_flow_is_compared_by_its_storage_key_not_its_raw_id()
    {
        // The session stores the hash; a session holding the raw ID (a forged or mistaken write) does not match.
        var session = _factory.Session(Alice, authenticatedAt: Now) with { AuthenticatedForSignIn = _flow };

        Assert.Equal(SignInDecisionKind.RequireLogin, (await EvaluateAsync(Context(RequireMfa(), receivedAt: Now, session: session))).Kind);
    }

    [Fact]
    public async Task A_password_of_this_flow_typed_before_its_request_arrived_cannot_enrol()
    {
        var received = Now;
        var context = Context(RequireMfa(), wauth: true, receivedAt: received, session: LoginSession(received.AddSeconds(-1)));

        Assert.Equal(SignInDecisionKind.RequireLogin, (await EvaluateAsync(context)).Kind);
    }

    [Fact]
    public async Task The_default_enrolment_window_is_fifteen_minutes()
    {
        Assert.Equal(TimeSpan.FromMinutes(15), new IdpFederation.Core.Configuration.MfaOptions().EnrollmentWindow);
        var received = Now;
        var session = LoginSession(received);
        _factory.Time.Advance(TimeSpan.FromMinutes(14));

        Assert.Equal(SignInDecisionKind.RequireMfaEnrollment, (await EvaluateAsync(Context(RequireMfa(), receivedAt: received, session: session))).Kind);
    }

    // ---- enrolled ----

    [Fact]
    public async Task A_confirmed_enrolment_asks_for_a_code_and_puts_the_enrolment_on_the_context()
    {
        var enrollment = Enroll(_alice);
        var context = Context(RequireMfa(rememberDeviceDays: 14), session: _factory.Session(Alice, authenticatedAt: Now.AddHours(-3)));

        var decision = await EvaluateAsync(context);

        Assert.Equal(SignInDecisionKind.RequireMfa, decision.Kind);
        Assert.Equal("mfa required by policy", decision.Reason);
        Assert.Equal(enrollment.ProtectedSeed, context.MfaEnrollment?.ProtectedSeed);
        Assert.Equal(enrollment.ConfirmedAt, context.MfaEnrollment?.ConfirmedAt);
        Assert.Equal(14, context.RememberDeviceDays);
        Assert.False(context.MultiFactorAuthenticated);
        Assert.False(context.MfaSatisfiedByRememberedDevice);
    }

    [Fact]
    public async Task Mfa_done_in_the_session_within_the_lifetime_continues_reading_only_the_cached_enrolment_stamp()
    {
        var enrollment = Enroll(_alice);
        var session = MfaSession(Now - _factory.CurrentOptions.Mfa.Lifetime + TimeSpan.FromMilliseconds(1), enrollment);
        var context = Context(RequireMfa(), wauth: true, session: session);

        var decision = await EvaluateAsync(context);

        Assert.Equal(SignInDecisionKind.Continue, decision.Kind);
        Assert.Equal("mfa done in this session", decision.Reason);
        Assert.True(context.MultiFactorAuthenticated);
        Assert.Equal("policy, relying party", context.MfaRequiredBy);
        Assert.False(context.MfaSatisfiedByRememberedDevice);
        Assert.Null(context.MfaEnrollment);
        Assert.Equal(1, _factory.MfaEnrollments.GetCalls);

        // The next single sign-on within Idp:Session:UserCacheDuration costs no query at all.
        var again = Context(RequireMfa(), wauth: true, session: session);
        Assert.Equal(SignInDecisionKind.Continue, (await EvaluateAsync(again)).Kind);
        Assert.True(again.MultiFactorAuthenticated);
        Assert.Equal(1, _factory.MfaEnrollments.GetCalls);
    }

    [Fact]
    public async Task Mfa_done_one_lifetime_ago_or_earlier_no_longer_counts()
    {
        var enrollment = Enroll(_alice);
        var session = MfaSession(Now - _factory.CurrentOptions.Mfa.Lifetime, enrollment);
        var context = Context(RequireMfa(), session: session);

        var decision = await EvaluateAsync(context);

        Assert.Equal(SignInDecisionKind.RequireMfa, decision.Kind);
        Assert.False(context.MultiFactorAuthenticated);
    }

    [Fact]
    public async Task The_mfa_lifetime_follows_reloaded_options()
    {
        var enrollment = Enroll(_alice);
        var step = _factory.CreateMfaStep();
        var session = MfaSession(Now.AddMinutes(-45), enrollment);
        Assert.Equal(SignInDecisionKind.Continue, (await step.EvaluateAsync(Context(RequireMfa(), session: session), default)).Kind);

        var reloaded = CoreTestFactory.DefaultOptions();
        reloaded.Mfa.Lifetime = TimeSpan.FromMinutes(30);
        _factory.Options.Set(reloaded);

        Assert.Equal(SignInDecisionKind.RequireMfa, (await step.EvaluateAsync(Context(RequireMfa(), session: session), default)).Kind);
    }

    // ---- session MFA counts only with the enrolment it was proved with ----

    [Fact]
    public async Task Session_mfa_from_before_a_reset_and_re_enrolment_no_longer_counts()
    {
        var old = Enroll(_alice);
        var session = MfaSession(Now.AddMinutes(-5), old);
        // idpfed mfa reset, then the user enrols again elsewhere (another instance, or this one after the cache ran out).
        _factory.Time.Advance(TimeSpan.FromMinutes(1));
        var current = Enroll(_alice, confirmedAt: Now);
        Assert.NotEqual(old.ConfirmedAt, current.ConfirmedAt);
        var context = Context(RequireMfa(), session: session);

        var decision = await EvaluateAsync(context);

        Assert.False(context.MultiFactorAuthenticated);
        Assert.Equal(SignInDecisionKind.RequireMfa, decision.Kind);
        Assert.Equal(current.ConfirmedAt, context.MfaEnrollment?.ConfirmedAt);
    }

    [Fact]
    public async Task Session_mfa_after_a_reset_without_re_enrolment_leads_to_enrolment_only_with_a_fresh_password()
    {
        var old = Enroll(_alice);
        var mfaAt = Now.AddMinutes(-5);
        await _factory.MfaEnrollments.DeleteAsync(_alice.Id);

        // A session cookie alone: MFA gone, and enrolling needs a password typed in this flow.
        var stale = Context(RequireMfa(), session: MfaSession(mfaAt, old));
        Assert.Equal(SignInDecisionKind.RequireLogin, (await EvaluateAsync(stale)).Kind);
        Assert.False(stale.MultiFactorAuthenticated);

        // The same session after this flow's login page: enrolment.
        var received = Now;
        var fresh = Context(RequireMfa(), receivedAt: received, session: LoginSession(received) with
        {
            MultiFactorAuthenticatedAt = mfaAt,
            MultiFactorEnrollmentStamp = old.ConfirmedAt!.Value.ToUnixTimeMilliseconds(),
        });
        Assert.Equal(SignInDecisionKind.RequireMfaEnrollment, (await EvaluateAsync(fresh)).Kind);
        Assert.False(fresh.MultiFactorAuthenticated);
    }

    [Fact]
    public async Task Session_mfa_without_an_enrolment_stamp_does_not_count()
    {
        // A session upgraded before stamps existed, or by anything that did not record the enrolment.
        Enroll(_alice);
        var context = Context(RequireMfa(), session: MfaSession(Now.AddMinutes(-5), enrollment: null));

        Assert.Equal(SignInDecisionKind.RequireMfa, (await EvaluateAsync(context)).Kind);
        Assert.False(context.MultiFactorAuthenticated);
    }

    [Fact]
    public async Task Session_mfa_with_a_stamp_but_no_enrolment_at_all_does_not_count()
    {
        var stamp = Now.AddDays(-1).ToUnixTimeMilliseconds();
        var session = _factory.Session(Alice) with { MultiFactorAuthenticatedAt = Now.AddMinutes(-1), MultiFactorEnrollmentStamp = stamp };
        var context = Context(Allow, wauth: true, session: session);

        Assert.Equal(SignInDecisionKind.RequireLogin, (await EvaluateAsync(context)).Kind);
        Assert.False(context.MultiFactorAuthenticated);
    }

    [Fact]
    public async Task Session_mfa_with_an_unconfirmed_enrolment_does_not_count()
    {
        var old = Enroll(_alice);
        _factory.MfaEnrollments.Put(old with { ConfirmedAt = null });
        var context = Context(RequireMfa(), receivedAt: Now, session: LoginSession() with
        {
            MultiFactorAuthenticatedAt = Now.AddMinutes(-1),
            MultiFactorEnrollmentStamp = old.ConfirmedAt!.Value.ToUnixTimeMilliseconds(),
        });

        Assert.Equal(SignInDecisionKind.RequireMfaEnrollment, (await EvaluateAsync(context)).Kind);
        Assert.False(context.MultiFactorAuthenticated);
    }

    [Fact]
    public async Task A_stamp_one_millisecond_off_does_not_count()
    {
        var enrollment = Enroll(_alice);
        var session = MfaSession(Now.AddMinutes(-1), enrollment) with { MultiFactorEnrollmentStamp = enrollment.ConfirmedAt!.Value.ToUnixTimeMilliseconds() + 1 };
        var context = Context(RequireMfa(), session: session);

        Assert.Equal(SignInDecisionKind.RequireMfa, (await EvaluateAsync(context)).Kind);
        Assert.False(context.MultiFactorAuthenticated);
    }

    [Fact]
    public async Task A_reset_on_this_instance_is_seen_at_once_after_invalidation_and_elsewhere_within_the_cache_duration()
    {
        var old = Enroll(_alice);
        var session = MfaSession(Now.AddMinutes(-1), old);
        Assert.True(await MultiFactorAsync(session));

        // Re-enrolled behind the cache's back (another instance): still believed until the cache runs out...
        _factory.Time.Advance(TimeSpan.FromSeconds(1));
        Enroll(_alice, confirmedAt: Now);
        Assert.True(await MultiFactorAsync(session));
        _factory.Time.Advance(_factory.CurrentOptions.Session.UserCacheDuration);
        Assert.False(await MultiFactorAsync(session));

        // ...and at once where the change was made and the entry invalidated.
        var newer = Enroll(_alice, confirmedAt: Now.AddSeconds(1));
        var upgraded = MfaSession(Now, newer);
        Assert.False(await MultiFactorAsync(upgraded));
        _factory.MfaEnrollmentStamps.Invalidate(_alice.Id);
        Assert.True(await MultiFactorAsync(upgraded));
    }

    private async Task<bool> MultiFactorAsync(SsoSession session)
    {
        var context = Context(Allow, session: session);
        await EvaluateAsync(context);
        return context.MultiFactorAuthenticated;
    }

    // ---- the relying party's demand (wauth=multipleauthn) ----

    [Fact]
    public async Task A_wauth_demand_requires_mfa_even_where_the_policy_allows()
    {
        Enroll(_alice);
        var context = Context(Allow, wauth: true);

        var decision = await EvaluateAsync(context);

        Assert.Equal(SignInDecisionKind.RequireMfa, decision.Kind);
        Assert.Equal("mfa required by relying party", decision.Reason);
        Assert.Equal("relying party", context.MfaRequiredBy);
        Assert.Null(context.RememberDeviceDays);
    }

    [Fact]
    public async Task A_wauth_demand_of_a_user_not_enrolled_leads_to_enrolment_after_a_fresh_password()
    {
        var context = Context(Allow, wauth: true, receivedAt: Now, session: LoginSession());

        var decision = await EvaluateAsync(context);

        Assert.Equal(SignInDecisionKind.RequireMfaEnrollment, decision.Kind);
        Assert.Equal("mfa required by relying party; not enrolled", decision.Reason);
    }

    [Fact]
    public async Task Policy_and_wauth_together_are_both_named()
    {
        Enroll(_alice);
        var context = Context(RequireMfa(rememberDeviceDays: 30), wauth: true);

        var decision = await EvaluateAsync(context);

        Assert.Equal(SignInDecisionKind.RequireMfa, decision.Kind);
        Assert.Equal("mfa required by policy, relying party", decision.Reason);
        Assert.Equal("policy, relying party", context.MfaRequiredBy);
    }

    // ---- remembered devices ----

    [Fact]
    public async Task A_valid_remembered_device_answers_a_policy_demand_that_allows_remembering()
    {
        var enrollment = Enroll(_alice);
        var token = _factory.CreateRememberedDeviceTokens().Issue(_alice, enrollment, 30);
        _factory.Time.Advance(TimeSpan.FromDays(29));
        var context = Context(RequireMfa(rememberDeviceDays: 30), rememberedDevice: token, session: _factory.Session(Alice));

        var decision = await EvaluateAsync(context);

        Assert.Equal(SignInDecisionKind.Continue, decision.Kind);
        Assert.Equal("remembered device", decision.Reason);
        Assert.True(context.MfaSatisfiedByRememberedDevice);
        // A remembered device is not MFA: the token must not claim it.
        Assert.False(context.MultiFactorAuthenticated);
    }

    [Fact]
    public async Task A_remembered_device_never_answers_a_wauth_demand()
    {
        var enrollment = Enroll(_alice);
        var token = _factory.CreateRememberedDeviceTokens().Issue(_alice, enrollment, 30);
        var context = Context(RequireMfa(rememberDeviceDays: 30), wauth: true, rememberedDevice: token);

        var decision = await EvaluateAsync(context);

        Assert.Equal(SignInDecisionKind.RequireMfa, decision.Kind);
        Assert.False(context.MfaSatisfiedByRememberedDevice);
        Assert.False(context.MultiFactorAuthenticated);
    }

    [Fact]
    public async Task A_remembered_device_is_ignored_where_the_policy_allows_no_remembering()
    {
        var enrollment = Enroll(_alice);
        var token = _factory.CreateRememberedDeviceTokens().Issue(_alice, enrollment, 30);
        var context = Context(RequireMfa(rememberDeviceDays: null), rememberedDevice: token);

        Assert.Equal(SignInDecisionKind.RequireMfa, (await EvaluateAsync(context)).Kind);
        Assert.False(context.MfaSatisfiedByRememberedDevice);
    }

    [Fact]
    public async Task Another_users_remembered_device_does_not_count()
    {
        var bob = _factory.Directory.Add("bob@contoso.com");
        var bobs = Enroll(bob);
        Enroll(_alice, confirmedAt: bobs.ConfirmedAt);
        var bobsToken = _factory.CreateRememberedDeviceTokens().Issue(bob, bobs, 30);

        var decision = await EvaluateAsync(Context(RequireMfa(rememberDeviceDays: 30), rememberedDevice: bobsToken));

        Assert.Equal(SignInDecisionKind.RequireMfa, decision.Kind);
    }

    [Fact]
    public async Task Re_enrolment_revokes_remembered_devices()
    {
        var first = Enroll(_alice);
        var token = _factory.CreateRememberedDeviceTokens().Issue(_alice, first, 30);
        _factory.Time.Advance(TimeSpan.FromHours(1));
        Enroll(_alice, confirmedAt: Now);

        Assert.Equal(SignInDecisionKind.RequireMfa, (await EvaluateAsync(Context(RequireMfa(rememberDeviceDays: 30), rememberedDevice: token))).Kind);
    }

    [Fact]
    public async Task An_expired_remembered_device_does_not_count()
    {
        var enrollment = Enroll(_alice);
        var token = _factory.CreateRememberedDeviceTokens().Issue(_alice, enrollment, 7);
        _factory.Time.Advance(TimeSpan.FromDays(7));

        Assert.Equal(SignInDecisionKind.RequireMfa, (await EvaluateAsync(Context(RequireMfa(rememberDeviceDays: 30), rememberedDevice: token))).Kind);
    }

    [Fact]
    public async Task A_device_remembered_longer_ago_than_the_policy_now_allows_does_not_count()
    {
        var enrollment = Enroll(_alice);
        var token = _factory.CreateRememberedDeviceTokens().Issue(_alice, enrollment, 30);
        _factory.Time.Advance(TimeSpan.FromDays(8));

        Assert.Equal(SignInDecisionKind.RequireMfa, (await EvaluateAsync(Context(RequireMfa(rememberDeviceDays: 7), rememberedDevice: token))).Kind);
        Assert.Equal(SignInDecisionKind.Continue, (await EvaluateAsync(Context(RequireMfa(rememberDeviceDays: 9), rememberedDevice: token))).Kind);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not-a-token")]
    [InlineData("AAAA")]
    public async Task A_garbage_remembered_device_cookie_just_means_a_code_is_asked_for(string token)
    {
        Enroll(_alice);

        Assert.Equal(SignInDecisionKind.RequireMfa, (await EvaluateAsync(Context(RequireMfa(rememberDeviceDays: 30), rememberedDevice: token))).Kind);
    }

    // ---- lockout ----

    [Fact]
    public async Task A_user_at_the_mfa_threshold_is_denied_with_IDPF2006_and_429()
    {
        Enroll(_alice);
        await FailCodesAsync(CompiledLockout.Default.MfaThreshold);

        var decision = await EvaluateAsync(Context(RequireMfa()));

        Assert.Equal(SignInDecisionKind.Deny, decision.Kind);
        Assert.Equal(SignInErrorCodes.MfaLockedOut, decision.ErrorCode);
        Assert.Equal("IDPF2006", decision.ErrorCode);
        Assert.Equal(429, decision.StatusCode);
        Assert.Equal("mfa locked out", decision.Reason);
        Assert.Contains("Too many incorrect verification codes", decision.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task One_wrong_code_below_the_threshold_still_asks_for_a_code()
    {
        Enroll(_alice);
        await FailCodesAsync(CompiledLockout.Default.MfaThreshold - 1);

        Assert.Equal(SignInDecisionKind.RequireMfa, (await EvaluateAsync(Context(RequireMfa()))).Kind);
    }

    [Fact]
    public async Task A_remembered_device_does_not_bypass_an_mfa_lockout()
    {
        var enrollment = Enroll(_alice);
        var token = _factory.CreateRememberedDeviceTokens().Issue(_alice, enrollment, 30);
        await FailCodesAsync(CompiledLockout.Default.MfaThreshold);

        var decision = await EvaluateAsync(Context(RequireMfa(rememberDeviceDays: 30), rememberedDevice: token));

        Assert.Equal(SignInErrorCodes.MfaLockedOut, decision.ErrorCode);
    }

    [Fact]
    public async Task The_lockout_ends_with_the_policy_window()
    {
        Enroll(_alice);
        await FailCodesAsync(CompiledLockout.Default.MfaThreshold);
        Assert.Equal(SignInDecisionKind.Deny, (await EvaluateAsync(Context(RequireMfa()))).Kind);

        _factory.Time.Advance(CompiledLockout.Default.Window);

        Assert.Equal(SignInDecisionKind.RequireMfa, (await EvaluateAsync(Context(RequireMfa()))).Kind);
    }

    [Theory]
    [InlineData("enforce")]
    [InlineData("logOnly")]
    [InlineData("off")]
    public async Task The_mfa_limit_denies_whatever_the_password_lockout_mode(string mode)
    {
        // logOnly and off apply to passwords only; the MFA attempt limit is always enforced.
        _factory.Policies = new StaticPolicyProvider(PolicySnippets.Compile($$"""{ "rules": [], "lockout": { "mode": "{{mode}}", "mfaThreshold": 2 } }"""));
        Enroll(_alice);
        await FailCodesAsync(1);
        Assert.Equal(SignInDecisionKind.RequireMfa, (await EvaluateAsync(Context(RequireMfa()))).Kind);

        await FailCodesAsync(1);
        var decision = await EvaluateAsync(Context(RequireMfa()));

        Assert.Equal(SignInDecisionKind.Deny, decision.Kind);
        Assert.Equal(SignInErrorCodes.MfaLockedOut, decision.ErrorCode);
        Assert.Equal(429, decision.StatusCode);
    }

    [Fact]
    public async Task The_threshold_comes_from_the_policy_file()
    {
        _factory.Policies = new StaticPolicyProvider(PolicySnippets.Compile("""{ "rules": [], "lockout": { "mfaThreshold": 2 } }"""));
        Enroll(_alice);
        await FailCodesAsync(1);
        Assert.Equal(SignInDecisionKind.RequireMfa, (await EvaluateAsync(Context(RequireMfa()))).Kind);

        await FailCodesAsync(1);

        Assert.Equal(SignInErrorCodes.MfaLockedOut, (await EvaluateAsync(Context(RequireMfa()))).ErrorCode);
    }
}

/// <summary>The production steps together, with the policy compiled from a real policy file.</summary>
[Trait("Kind", "Unit")]
public sealed class MfaPipelineTests
{
    private const string Alice = "alice@contoso.com";

    private readonly CoreTestFactory _factory = new();
    private readonly ListLogger<SignInPipeline> _logger = new();

    private void UsePolicy(string rules) =>
        _factory.Policies = new StaticPolicyProvider(PolicySnippets.Compile($$"""{ "rules": [ {{rules}} ] }"""));

    private async Task<(SignInDecision Decision, SignInContext Context)> RunAsync(bool wauth = false)
    {
        var received = _factory.Time.GetUtcNow();
        var flow = SessionIds.NewId();
        var context = new SignInContext
        {
            Request = _factory.SignInRequest(mfa: wauth, receivedAt: received),
            PendingSignInId = flow,
            Session = _factory.Session(Alice, authenticatedAt: received, forSignIn: flow),
        };
        var decision = await _factory.CreateSignInPipeline(logger: _logger).RunAsync(context);
        return (decision, context);
    }

    [Fact]
    public async Task A_requireMfa_rule_leads_a_fresh_unenrolled_user_to_enrolment_from_the_mfa_step()
    {
        _factory.Directory.Add(Alice);
        UsePolicy("""{ "name": "everyone", "action": "requireMfa", "conditions": {}, "rememberDeviceDays": 14 }""");

        var (decision, context) = await RunAsync();

        Assert.Equal(SignInDecisionKind.RequireMfaEnrollment, decision.Kind);
        Assert.Equal("mfa", Assert.Single(_logger.Entries).Values["Step"]);
        Assert.Equal(PolicyOutcome.RequireMfa, context.Policy?.Outcome);
        Assert.Equal(14, context.RememberDeviceDays);
        Assert.Equal("policy", context.MfaRequiredBy);
    }

    [Fact]
    public async Task A_deny_rule_is_never_turned_into_an_mfa_prompt_even_when_the_relying_party_demands_mfa()
    {
        _factory.Directory.Add(Alice);
        UsePolicy("""{ "name": "nobody", "action": "deny", "conditions": {} }""");

        var (decision, context) = await RunAsync(wauth: true);

        Assert.Equal(SignInDecisionKind.Deny, decision.Kind);
        Assert.Equal(SignInErrorCodes.PolicyDenied, decision.ErrorCode);
        Assert.Equal("policy", Assert.Single(_logger.Entries).Values["Step"]);
        Assert.Null(context.MfaRequiredBy);
        Assert.Equal(0, _factory.MfaEnrollments.GetCalls);
    }

    [Fact]
    public async Task A_disabled_user_is_refused_before_any_mfa()
    {
        _factory.Directory.Add(Alice, enabled: false);
        UsePolicy("""{ "name": "everyone", "action": "requireMfa", "conditions": {} }""");

        var (decision, _) = await RunAsync(wauth: true);

        Assert.Equal(SignInErrorCodes.AccountDisabled, decision.ErrorCode);
        Assert.Equal(0, _factory.MfaEnrollments.GetCalls);
    }

    [Fact]
    public async Task An_allow_policy_without_wauth_passes_every_step()
    {
        _factory.Directory.Add(Alice);
        UsePolicy("""{ "name": "everyone", "action": "allow", "conditions": {} }""");

        var (decision, context) = await RunAsync();

        Assert.Equal(SignInDecisionKind.Continue, decision.Kind);
        Assert.Equal("all steps passed", decision.Reason);
        Assert.Equal(2002, Assert.Single(_logger.Entries).EventId.Id);
        Assert.Equal(PolicyOutcome.Allow, context.Policy?.Outcome);
        Assert.False(context.MultiFactorAuthenticated);
    }
}

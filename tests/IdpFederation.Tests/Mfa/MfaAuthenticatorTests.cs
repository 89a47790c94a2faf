using IdpFederation.Core.Directory;
using IdpFederation.Core.Mfa;
using IdpFederation.Core.Policies;
using IdpFederation.Core.Sessions;
using IdpFederation.Tests.CoreLayer;
using Microsoft.AspNetCore.WebUtilities;
using PolicySnippets = IdpFederation.Tests.Policies.PolicySnippets;

namespace IdpFederation.Tests.Mfa;

/// <summary>
/// Enrolment (bound to the sign-in flow that began it), TOTP and recovery codes, replay and the attempt limit, over the
/// in-memory stores and a manual clock. Codes are computed from the secret BeginEnrollmentAsync hands out, as the
/// user's authenticator app would.
/// </summary>
[Trait("Kind", "Unit")]
public sealed class MfaAuthenticatorTests
{
    private const int Threshold = 5;

    private readonly CoreTestFactory _factory = new();
    private readonly DirectoryUser _alice;
    private readonly DirectoryUser _bob;

    /// <summary>The pending sign-in ("flow") in which Alice enrols unless a test says otherwise.</summary>
    private readonly string _flow = SessionIds.NewId();

    /// <summary>Bob's own sign-in flow.</summary>
    private readonly string _bobFlow = SessionIds.NewId();

    public MfaAuthenticatorTests()
    {
        _alice = _factory.Directory.Add("alice@contoso.com");
        _bob = _factory.Directory.Add("bob@contoso.com");
        Assert.Equal(Threshold, CompiledLockout.Default.MfaThreshold);
    }

    private MfaAuthenticator Mfa => _factory.CreateMfaAuthenticator();

    private string CodeNow(TotpSecret secret, int offsetSteps = 0)
    {
        var totp = secret.ToTotp();
        return totp.Compute(totp.TimeStep(_factory.Time.GetUtcNow()) + offsetSteps);
    }

    /// <summary>A code that is right, moved on by one step so it is not the one just used.</summary>
    private string NextCode(TotpSecret secret)
    {
        _factory.Time.Advance(TimeSpan.FromSeconds(30));
        return CodeNow(secret);
    }

    private string FlowOf(DirectoryUser user) => user.Id == _bob.Id ? _bobFlow : _flow;

    private Task<PendingEnrollment> BeginAsync(DirectoryUser user, string? flow = null) => Mfa.BeginEnrollmentAsync(user, flow ?? FlowOf(user));

    private Task<MfaCheck> ConfirmAsync(DirectoryUser user, string? code, string? flow = null) => Mfa.ConfirmEnrollmentAsync(user, flow ?? FlowOf(user), code);

    private async Task<(TotpSecret Secret, MfaCheck Confirmed)> EnrollAsync(DirectoryUser user)
    {
        var pending = await BeginAsync(user);
        var confirmed = await ConfirmAsync(user, CodeNow(pending.Secret));
        Assert.True(confirmed.Succeeded, confirmed.Outcome.ToString());
        return (pending.Secret, confirmed);
    }

    private void UseLockout(string lockoutJson) =>
        _factory.Policies = new StaticPolicyProvider(PolicySnippets.Compile($$"""{ "rules": [], "lockout": {{lockoutJson}} }"""));

    /// <summary>The seed's bytes appear in none of the usual encodings, nor raw inside the protected payload.</summary>
    private static void AssertNotPlain(TotpSecret secret, string protectedSeed)
    {
        var bytes = secret.ToArray();
        Assert.Equal(TotpSecret.SizeInBytes, bytes.Length);
        foreach (var plain in new[]
                 {
                     secret.Base32, Convert.ToBase64String(bytes), Convert.ToBase64String(bytes).TrimEnd('='),
                     WebEncoders.Base64UrlEncode(bytes), Convert.ToHexString(bytes),
                 })
        {
            Assert.DoesNotContain(plain, protectedSeed, StringComparison.OrdinalIgnoreCase);
        }

        Assert.Equal(-1, WebEncoders.Base64UrlDecode(protectedSeed).AsSpan().IndexOf(bytes));
    }

    /// <summary>Runs <paramref name="count"/> copies of <paramref name="attempt"/> at once, released together.</summary>
    private static async Task<MfaCheck[]> RaceAsync(int count, Func<Task<MfaCheck>> attempt)
    {
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var racers = Enumerable.Range(0, count).Select(_ => Task.Run(async () =>
        {
            await start.Task;
            return await attempt();
        })).ToArray();
        start.SetResult();
        return await Task.WhenAll(racers);
    }

    private Task<long> FailureCountAsync(DirectoryUser user) => _factory.Counters.GetAsync(TotpVerifier.FailureCounterKey(MfaAuthenticator.UserKey(user)));

    // ---- enrolment ----

    [Fact]
    public async Task Beginning_enrolment_stores_an_unconfirmed_enrolment_with_only_a_protected_seed()
    {
        var pending = await BeginAsync(_alice);

        var stored = _factory.MfaEnrollments.Peek(_alice.Id);
        Assert.NotNull(stored);
        Assert.False(stored.IsConfirmed);
        Assert.Null(stored.ConfirmedAt);
        Assert.Equal(_factory.Time.GetUtcNow(), stored.CreatedAt);
        Assert.Empty(stored.RecoveryCodeHashes);
        AssertNotPlain(pending.Secret, stored.ProtectedSeed);
        // While enrolling, the seed is protected for the flow, not for Alice alone: nothing outside this flow reads it.
        Assert.False(_factory.CreateMfaSecretProtector().TryUnprotect(MfaAuthenticator.UserKey(_alice), stored.ProtectedSeed, out _));
    }

    [Fact]
    public async Task The_key_uri_names_the_issuer_and_the_user_and_carries_the_secret()
    {
        var pending = await BeginAsync(_alice);

        Assert.Equal(
            $"otpauth://totp/IdpFederation:alice%40contoso.com?secret={pending.Secret.Base32}&issuer=IdpFederation&algorithm=SHA1&digits=6&period=30",
            pending.KeyUri);
    }

    // ---- enrolment is bound to the sign-in flow that began it ----

    [Fact]
    public async Task Beginning_again_in_the_same_flow_shows_the_same_secret_however_much_later()
    {
        var first = await BeginAsync(_alice);
        var stored = _factory.MfaEnrollments.Peek(_alice.Id);
        // No time limit of its own any more: the flow's own expiry bounds how long its page can be shown.
        _factory.Time.Advance(_factory.CurrentOptions.Mfa.EnrollmentWindow + TimeSpan.FromHours(2));

        var second = await BeginAsync(_alice);

        Assert.Equal(first.Secret.Base32, second.Secret.Base32);
        Assert.Equal(first.KeyUri, second.KeyUri);
        Assert.Equal(stored, _factory.MfaEnrollments.Peek(_alice.Id), EnrollmentComparer.Instance);
        Assert.True((await ConfirmAsync(_alice, CodeNow(first.Secret))).Succeeded);
    }

    [Fact]
    public async Task Another_flow_gets_a_new_secret_and_the_first_flow_can_no_longer_confirm()
    {
        var first = await BeginAsync(_alice);
        var before = _factory.MfaEnrollments.Peek(_alice.Id)!;
        _factory.Time.Advance(TimeSpan.FromSeconds(5));
        var otherFlow = SessionIds.NewId();

        var second = await BeginAsync(_alice, otherFlow);

        // Nobody can be shown the seed the user is scanning, even with the password.
        Assert.NotEqual(first.Secret.Base32, second.Secret.Base32);
        var after = _factory.MfaEnrollments.Peek(_alice.Id)!;
        Assert.NotEqual(before.ProtectedSeed, after.ProtectedSeed);
        Assert.Equal(_factory.Time.GetUtcNow(), after.CreatedAt);
        Assert.False(after.IsConfirmed);
        AssertNotPlain(second.Secret, after.ProtectedSeed);

        // The first flow's seed is gone: its right code finds no enrolment to confirm, and that is not an attempt.
        var stale = await ConfirmAsync(_alice, CodeNow(first.Secret));
        Assert.Equal(MfaCheckOutcome.NotEnrolled, stale.Outcome);
        Assert.Equal(0, stale.Failures);
        Assert.Equal(0, await FailureCountAsync(_alice));
        // Nor does the other flow's code confirm in the first flow.
        Assert.Equal(MfaCheckOutcome.NotEnrolled, (await ConfirmAsync(_alice, CodeNow(second.Secret))).Outcome);
        Assert.False(_factory.MfaEnrollments.Peek(_alice.Id)!.IsConfirmed);
    }

    [Fact]
    public async Task The_other_flow_confirms_with_its_own_secret()
    {
        var first = await BeginAsync(_alice);
        var otherFlow = SessionIds.NewId();
        var second = await BeginAsync(_alice, otherFlow);

        // The first flow's code is refused there (a code of another seed), the other flow's own code confirms.
        Assert.Equal(MfaCheckOutcome.Invalid, (await ConfirmAsync(_alice, CodeNow(first.Secret), otherFlow)).Outcome);
        var confirmed = await ConfirmAsync(_alice, NextCode(second.Secret), otherFlow);

        Assert.True(confirmed.Succeeded, confirmed.Outcome.ToString());
        Assert.True(_factory.MfaEnrollments.Peek(_alice.Id)!.IsConfirmed);
        Assert.True((await Mfa.VerifyCodeAsync(_alice, NextCode(second.Secret))).Succeeded);
        Assert.Equal(MfaCheckOutcome.Invalid, (await Mfa.VerifyCodeAsync(_alice, NextCode(first.Secret))).Outcome);
    }

    [Fact]
    public async Task Returning_to_the_first_flow_after_another_one_began_shows_yet_another_secret()
    {
        // The last flow to show the page wins; a seed once replaced never comes back.
        var first = await BeginAsync(_alice);
        var otherFlow = SessionIds.NewId();
        var second = await BeginAsync(_alice, otherFlow);

        var third = await BeginAsync(_alice);

        Assert.Equal(3, new[] { first.Secret.Base32, second.Secret.Base32, third.Secret.Base32 }.Distinct().Count());
        Assert.Equal(MfaCheckOutcome.NotEnrolled, (await ConfirmAsync(_alice, CodeNow(second.Secret), otherFlow)).Outcome);
        Assert.True((await ConfirmAsync(_alice, CodeNow(third.Secret))).Succeeded);
    }

    [Fact]
    public async Task Confirming_reprotects_the_seed_for_the_user_alone_so_codes_work_afterwards()
    {
        var pending = await BeginAsync(_alice);
        var whilePending = _factory.MfaEnrollments.Peek(_alice.Id)!;
        _factory.Time.Advance(TimeSpan.FromMinutes(1));

        Assert.True((await ConfirmAsync(_alice, CodeNow(pending.Secret))).Succeeded);

        var confirmed = _factory.MfaEnrollments.Peek(_alice.Id)!;
        Assert.True(confirmed.IsConfirmed);
        Assert.NotEqual(whilePending.ProtectedSeed, confirmed.ProtectedSeed);
        Assert.Equal(whilePending.CreatedAt, confirmed.CreatedAt);
        AssertNotPlain(pending.Secret, confirmed.ProtectedSeed);
        var protector = _factory.CreateMfaSecretProtector();
        Assert.Equal(pending.Secret.ToArray(), protector.Unprotect(MfaAuthenticator.UserKey(_alice), confirmed.ProtectedSeed).ToArray());
        // And a later step signs in, from any flow.
        Assert.True((await Mfa.VerifyCodeAsync(_alice, NextCode(pending.Secret))).Succeeded);
    }

    [Fact]
    public async Task Confirming_from_a_flow_that_never_began_says_not_enrolled()
    {
        var pending = await BeginAsync(_alice);

        var check = await ConfirmAsync(_alice, CodeNow(pending.Secret), SessionIds.NewId());

        Assert.Equal(MfaCheckOutcome.NotEnrolled, check.Outcome);
        Assert.False(_factory.MfaEnrollments.Peek(_alice.Id)!.IsConfirmed);
        // The rightful flow is not disturbed by it.
        Assert.True((await ConfirmAsync(_alice, CodeNow(pending.Secret))).Succeeded);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    public async Task A_blank_flow_is_refused(string flow)
    {
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Mfa.BeginEnrollmentAsync(_alice, flow));
        Assert.Null(_factory.MfaEnrollments.Peek(_alice.Id));
        await BeginAsync(_alice);
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Mfa.ConfirmEnrollmentAsync(_alice, flow, "123456"));
    }

    [Fact]
    public async Task Beginning_for_a_user_already_enrolled_is_refused()
    {
        await EnrollAsync(_alice);

        await Assert.ThrowsAsync<InvalidOperationException>(() => BeginAsync(_alice));
        Assert.True(_factory.MfaEnrollments.Peek(_alice.Id)!.IsConfirmed);
    }

    [Fact]
    public async Task Beginning_for_a_user_not_in_the_directory_fails_as_the_store_refuses()
    {
        var ghost = _alice with { Id = Guid.NewGuid(), UserPrincipalName = "ghost@contoso.com" };

        var error = await Assert.ThrowsAsync<DirectoryException>(() => BeginAsync(ghost));

        Assert.Equal(DirectoryError.UserNotFound, error.Error);
    }

    [Fact]
    public async Task Confirming_with_the_right_code_confirms_now_and_issues_ten_recovery_codes_stored_only_as_hashes()
    {
        var pending = await BeginAsync(_alice);
        _factory.Time.Advance(TimeSpan.FromSeconds(40.5));

        var check = await ConfirmAsync(_alice, CodeNow(pending.Secret));

        Assert.Equal(MfaCheckOutcome.Accepted, check.Outcome);
        Assert.True(check.Succeeded);
        Assert.Equal(0, check.Failures);
        var stored = _factory.MfaEnrollments.Peek(_alice.Id)!;
        Assert.True(stored.IsConfirmed);
        // Millisecond precision: what a database keeps, and what remember-device tokens compare.
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(_factory.Time.GetUtcNow().ToUnixTimeMilliseconds()), stored.ConfirmedAt);
        Assert.NotNull(check.RecoveryCodes);
        Assert.Equal(RecoveryCodes.DefaultCount, check.RecoveryCodes.Count);
        Assert.Equal(10, check.RecoveryCodesLeft);
        Assert.Equal(10, check.RecoveryCodes.Distinct().Count());
        Assert.Equal(10, stored.RecoveryCodeHashes.Count);
        foreach (var code in check.RecoveryCodes)
        {
            Assert.Matches("^[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}$", code);
            Assert.DoesNotContain(stored.RecoveryCodeHashes, h => h.Contains(code, StringComparison.OrdinalIgnoreCase)
                || h.Contains(code.Replace("-", "", StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase));
        }

        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(i, RecoveryCodes.Verify(check.RecoveryCodes[i], stored.RecoveryCodeHashes));
        }
    }

    [Fact]
    public async Task A_code_from_the_previous_step_still_confirms_for_clock_drift()
    {
        var pending = await BeginAsync(_alice);

        Assert.True((await ConfirmAsync(_alice, CodeNow(pending.Secret, offsetSteps: -1))).Succeeded);
    }

    [Fact]
    public async Task Confirming_with_a_wrong_code_counts_a_failure_and_leaves_the_enrolment_unconfirmed()
    {
        var pending = await BeginAsync(_alice);
        var wrong = CodeNow(pending.Secret, offsetSteps: 5);

        var check = await ConfirmAsync(_alice, wrong);

        Assert.Equal(MfaCheckOutcome.Invalid, check.Outcome);
        Assert.Equal(1, check.Failures);
        Assert.Equal(Threshold - 1, check.AttemptsLeft);
        Assert.False(check.LockedNow);
        Assert.Null(check.RecoveryCodes);
        var stored = _factory.MfaEnrollments.Peek(_alice.Id)!;
        Assert.False(stored.IsConfirmed);
        Assert.Empty(stored.RecoveryCodeHashes);
    }

    [Fact]
    public async Task Confirming_without_a_pending_enrolment_or_twice_says_not_enrolled()
    {
        Assert.Equal(MfaCheckOutcome.NotEnrolled, (await ConfirmAsync(_alice, "123456")).Outcome);

        var (secret, _) = await EnrollAsync(_alice);

        Assert.Equal(MfaCheckOutcome.NotEnrolled, (await ConfirmAsync(_alice, NextCode(secret))).Outcome);
    }

    [Fact]
    public async Task The_code_that_confirmed_enrolment_cannot_be_used_again_to_sign_in()
    {
        var pending = await BeginAsync(_alice);
        var code = CodeNow(pending.Secret);
        Assert.True((await ConfirmAsync(_alice, code)).Succeeded);

        var again = await Mfa.VerifyCodeAsync(_alice, code);

        Assert.Equal(MfaCheckOutcome.Replayed, again.Outcome);
        Assert.Equal(1, again.Failures);
    }

    // ---- signing in with a code ----

    [Fact]
    public async Task A_confirmed_user_signs_in_with_the_current_code_once()
    {
        var (secret, _) = await EnrollAsync(_alice);
        var code = NextCode(secret);

        var first = await Mfa.VerifyCodeAsync(_alice, code);
        var second = await Mfa.VerifyCodeAsync(_alice, code);

        Assert.Equal(MfaCheckOutcome.Accepted, first.Outcome);
        Assert.Equal(MfaCheckOutcome.Replayed, second.Outcome);
        Assert.False(second.Succeeded);
    }

    [Fact]
    public async Task Codes_are_accepted_with_spaces_as_apps_show_them()
    {
        var (secret, _) = await EnrollAsync(_alice);
        var code = NextCode(secret);

        Assert.True((await Mfa.VerifyCodeAsync(_alice, code[..3] + " " + code[3..])).Succeeded);
    }

    [Fact]
    public async Task A_code_for_another_users_secret_is_refused()
    {
        var (aliceSecret, _) = await EnrollAsync(_alice);
        await EnrollAsync(_bob);

        var check = await Mfa.VerifyCodeAsync(_bob, NextCode(aliceSecret));

        Assert.Equal(MfaCheckOutcome.Invalid, check.Outcome);
    }

    [Fact]
    public async Task An_unconfirmed_or_missing_enrolment_cannot_sign_in()
    {
        Assert.Equal(MfaCheckOutcome.NotEnrolled, (await Mfa.VerifyCodeAsync(_alice, "123456")).Outcome);
        var pending = await BeginAsync(_alice);

        Assert.Equal(MfaCheckOutcome.NotEnrolled, (await Mfa.VerifyCodeAsync(_alice, CodeNow(pending.Secret))).Outcome);
        Assert.Equal(MfaCheckOutcome.NotEnrolled, (await Mfa.VerifyRecoveryCodeAsync(_alice, "ABCD-EFGH")).Outcome);
    }

    [Fact]
    public async Task A_right_code_clears_earlier_failures()
    {
        var (secret, _) = await EnrollAsync(_alice);
        Assert.Equal(1, (await Mfa.VerifyCodeAsync(_alice, "000000x")).Failures);
        Assert.Equal(2, (await Mfa.VerifyCodeAsync(_alice, "000000x")).Failures);

        Assert.True((await Mfa.VerifyCodeAsync(_alice, NextCode(secret))).Succeeded);

        Assert.Equal(1, (await Mfa.VerifyCodeAsync(_alice, "000000x")).Failures);
    }

    // ---- recovery codes ----

    [Fact]
    public async Task A_recovery_code_works_once()
    {
        var (_, confirmed) = await EnrollAsync(_alice);
        var code = confirmed.RecoveryCodes![3];

        var first = await Mfa.VerifyRecoveryCodeAsync(_alice, code);
        var second = await Mfa.VerifyRecoveryCodeAsync(_alice, code);

        Assert.Equal(MfaCheckOutcome.Accepted, first.Outcome);
        Assert.Equal(9, first.RecoveryCodesLeft);
        Assert.False(second.Succeeded);
        Assert.Equal(MfaCheckOutcome.Invalid, second.Outcome);
        Assert.Equal(1, second.Failures);
        var left = _factory.MfaEnrollments.Peek(_alice.Id)!.RecoveryCodeHashes;
        Assert.Equal(9, left.Count);
        Assert.Null(RecoveryCodes.Verify(code, left));
        // The others still work.
        Assert.True((await Mfa.VerifyRecoveryCodeAsync(_alice, confirmed.RecoveryCodes[4])).Succeeded);
    }

    [Fact]
    public async Task A_recovery_code_is_read_whatever_its_case_and_dashes()
    {
        var (_, confirmed) = await EnrollAsync(_alice);
        var typed = " " + confirmed.RecoveryCodes![0].Replace("-", "", StringComparison.Ordinal).ToLowerInvariant() + " ";

        Assert.True((await Mfa.VerifyRecoveryCodeAsync(_alice, typed)).Succeeded);
    }

    [Fact]
    public async Task Two_sign_ins_racing_with_one_recovery_code_cannot_both_pass()
    {
        var (_, confirmed) = await EnrollAsync(_alice);
        var code = confirmed.RecoveryCodes![0];
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var racers = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            await start.Task;
            return await Mfa.VerifyRecoveryCodeAsync(_alice, code);
        })).ToArray();

        start.SetResult();
        var results = await Task.WhenAll(racers);

        Assert.Single(results, r => r.Succeeded);
        Assert.All(results.Where(r => !r.Succeeded), r => Assert.Contains(r.Outcome, new[] { MfaCheckOutcome.Replayed, MfaCheckOutcome.Invalid }));
        Assert.Equal(9, _factory.MfaEnrollments.Peek(_alice.Id)!.RecoveryCodeHashes.Count);
    }

    [Fact]
    public async Task A_recovery_code_of_another_user_is_refused()
    {
        var (_, alices) = await EnrollAsync(_alice);
        await EnrollAsync(_bob);

        Assert.Equal(MfaCheckOutcome.Invalid, (await Mfa.VerifyRecoveryCodeAsync(_bob, alices.RecoveryCodes![0])).Outcome);
        Assert.Equal(10, _factory.MfaEnrollments.Peek(_alice.Id)!.RecoveryCodeHashes.Count);
    }

    // ---- the attempt limit ----

    [Fact]
    public async Task The_threshold_locks_mfa_so_that_even_the_right_code_is_refused()
    {
        var (secret, confirmed) = await EnrollAsync(_alice);
        for (var i = 1; i < Threshold; i++)
        {
            var wrong = await Mfa.VerifyCodeAsync(_alice, "99999a");
            Assert.Equal(MfaCheckOutcome.Invalid, wrong.Outcome);
            Assert.Equal(i, wrong.Failures);
            Assert.Equal(Threshold - i, wrong.AttemptsLeft);
            Assert.False(wrong.LockedNow);
        }

        var locking = await Mfa.VerifyCodeAsync(_alice, "99999a");
        Assert.Equal(MfaCheckOutcome.LockedOut, locking.Outcome);
        Assert.True(locking.LockedNow);
        Assert.Equal(Threshold, locking.Failures);

        // Every attempt reserves a slot before the code is looked at; with none left, the code is never checked.
        var right = await Mfa.VerifyCodeAsync(_alice, NextCode(secret));
        Assert.Equal(MfaCheckOutcome.LockedOut, right.Outcome);
        Assert.False(right.LockedNow);
        Assert.Equal(Threshold, right.Failures);
        var recovery = await Mfa.VerifyRecoveryCodeAsync(_alice, confirmed.RecoveryCodes![0]);
        Assert.Equal(MfaCheckOutcome.LockedOut, recovery.Outcome);
        Assert.False(recovery.LockedNow);
        Assert.Equal(Threshold, recovery.Failures);
        Assert.Equal(10, _factory.MfaEnrollments.Peek(_alice.Id)!.RecoveryCodeHashes.Count);
        Assert.Equal(MfaCheckOutcome.LockedOut, (await Mfa.LockedOutAsync(_alice))?.Outcome);
        // Bob is not affected.
        Assert.Null(await Mfa.LockedOutAsync(_bob));
    }

    [Fact]
    public async Task Wrong_codes_and_wrong_recovery_codes_share_one_counter()
    {
        await EnrollAsync(_alice);
        for (var i = 0; i < Threshold - 1; i++)
        {
            await Mfa.VerifyCodeAsync(_alice, "99999a");
        }

        var check = await Mfa.VerifyRecoveryCodeAsync(_alice, "2222-2222");

        Assert.Equal(MfaCheckOutcome.LockedOut, check.Outcome);
        Assert.True(check.LockedNow);
        Assert.Equal(Threshold, check.Failures);
    }

    [Fact]
    public async Task A_wrong_recovery_code_reports_the_attempts_left()
    {
        await EnrollAsync(_alice);

        var check = await Mfa.VerifyRecoveryCodeAsync(_alice, "2222-2222");

        Assert.Equal(MfaCheckOutcome.Invalid, check.Outcome);
        Assert.Equal(1, check.Failures);
        Assert.Equal(Threshold - 1, check.AttemptsLeft);
        Assert.False(check.LockedNow);
    }

    [Fact]
    public async Task Wrong_codes_during_enrolment_count_towards_the_lockout_too()
    {
        var pending = await BeginAsync(_alice);
        for (var i = 0; i < Threshold - 1; i++)
        {
            await ConfirmAsync(_alice, "99999a");
        }

        var locking = await ConfirmAsync(_alice, "99999a");
        Assert.Equal(MfaCheckOutcome.LockedOut, locking.Outcome);
        Assert.True(locking.LockedNow);
        Assert.Equal(MfaCheckOutcome.LockedOut, (await ConfirmAsync(_alice, CodeNow(pending.Secret))).Outcome);
        Assert.False(_factory.MfaEnrollments.Peek(_alice.Id)!.IsConfirmed);
    }

    [Fact]
    public async Task Once_the_lockout_window_has_passed_codes_work_again()
    {
        var (secret, _) = await EnrollAsync(_alice);
        for (var i = 0; i < Threshold; i++)
        {
            await Mfa.VerifyCodeAsync(_alice, "99999a");
        }

        _factory.Time.Advance(CompiledLockout.Default.Window - TimeSpan.FromSeconds(1));
        Assert.Equal(MfaCheckOutcome.LockedOut, (await Mfa.VerifyCodeAsync(_alice, CodeNow(secret))).Outcome);

        _factory.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Null(await Mfa.LockedOutAsync(_alice));
        Assert.True((await Mfa.VerifyCodeAsync(_alice, NextCode(secret))).Succeeded);
    }

    [Fact]
    public async Task The_policy_files_threshold_and_window_are_used()
    {
        UseLockout("""{ "mfaThreshold": 2, "window": "00:02:00" }""");
        var (secret, _) = await EnrollAsync(_alice);

        Assert.Equal(1, (await Mfa.VerifyCodeAsync(_alice, "99999a")).AttemptsLeft);
        Assert.Equal(MfaCheckOutcome.LockedOut, (await Mfa.VerifyCodeAsync(_alice, "99999a")).Outcome);

        _factory.Time.Advance(TimeSpan.FromMinutes(2));
        Assert.True((await Mfa.VerifyCodeAsync(_alice, NextCode(secret))).Succeeded);
    }

    [Theory]
    [InlineData("enforce")]
    [InlineData("logOnly")]
    [InlineData("off")]
    public async Task The_mfa_limit_is_enforced_whatever_the_password_lockout_mode(string mode)
    {
        // logOnly and off apply to passwords only: without the MFA limit, the password would open the 10^6 codes.
        UseLockout($$"""{ "mode": "{{mode}}" }""");
        var (secret, confirmed) = await EnrollAsync(_alice);
        for (var i = 1; i < Threshold; i++)
        {
            var wrong = await Mfa.VerifyCodeAsync(_alice, "99999a");
            Assert.Equal(MfaCheckOutcome.Invalid, wrong.Outcome);
            Assert.False(wrong.LockedNow);
            Assert.Equal(Threshold - i, wrong.AttemptsLeft);
        }

        var atThreshold = await Mfa.VerifyCodeAsync(_alice, "99999a");
        Assert.Equal(MfaCheckOutcome.LockedOut, atThreshold.Outcome);
        Assert.True(atThreshold.LockedNow);
        Assert.Equal(Threshold, atThreshold.Failures);

        Assert.Equal(MfaCheckOutcome.LockedOut, (await Mfa.VerifyRecoveryCodeAsync(_alice, "2222-2222")).Outcome);
        Assert.NotNull(await Mfa.LockedOutAsync(_alice));
        Assert.Equal(MfaCheckOutcome.LockedOut, (await Mfa.VerifyCodeAsync(_alice, NextCode(secret))).Outcome);
        Assert.Equal(MfaCheckOutcome.LockedOut, (await Mfa.VerifyRecoveryCodeAsync(_alice, confirmed.RecoveryCodes![0])).Outcome);
        Assert.Equal(10, _factory.MfaEnrollments.Peek(_alice.Id)!.RecoveryCodeHashes.Count);
    }

    [Fact]
    public async Task An_administrators_reset_forgets_wrong_codes()
    {
        var (secret, _) = await EnrollAsync(_alice);
        for (var i = 0; i < Threshold; i++)
        {
            await Mfa.VerifyCodeAsync(_alice, "99999a");
        }

        await Mfa.ResetFailuresAsync(_alice);

        Assert.Null(await Mfa.LockedOutAsync(_alice));
        Assert.True((await Mfa.VerifyCodeAsync(_alice, NextCode(secret))).Succeeded);
    }

    // ---- attempts are reserved before a code is checked ----

    [Fact]
    public async Task Ten_wrong_codes_at_once_check_no_more_codes_than_the_threshold()
    {
        UseLockout("""{ "mfaThreshold": 3 }""");
        await EnrollAsync(_alice);

        var results = await RaceAsync(10, () => Mfa.VerifyCodeAsync(_alice, "99999a"));

        // The counter hands out slots 1..3 once each: 1 and 2 are refused codes, 3 is the refused code that locks, and
        // the other seven find no slot left and are turned away without their code ever being looked at.
        Assert.Equal(new long[] { 1, 2, 3, 3, 3, 3, 3, 3, 3, 3 }, results.Select(r => r.Failures).Order());
        Assert.InRange(results.Count(r => r.Outcome == MfaCheckOutcome.Invalid), 0, 3);
        Assert.Equal(2, results.Count(r => r.Outcome == MfaCheckOutcome.Invalid));
        Assert.Equal(8, results.Count(r => r.Outcome == MfaCheckOutcome.LockedOut));
        var lockedNow = Assert.Single(results, r => r.LockedNow);
        Assert.Equal(3, lockedNow.Failures);
        Assert.Equal(MfaCheckOutcome.LockedOut, lockedNow.Outcome);
        Assert.All(results.Where(r => r.Outcome == MfaCheckOutcome.Invalid), r => Assert.Equal((int)(3 - r.Failures), r.AttemptsLeft));
        Assert.Equal(3, await FailureCountAsync(_alice));
        Assert.NotNull(await Mfa.LockedOutAsync(_alice));
    }

    [Fact]
    public async Task Ten_wrong_recovery_codes_at_once_check_no_more_codes_than_the_threshold()
    {
        UseLockout("""{ "mfaThreshold": 3 }""");
        await EnrollAsync(_alice);

        var results = await RaceAsync(10, () => Mfa.VerifyRecoveryCodeAsync(_alice, "2222-2222"));

        Assert.Equal(new long[] { 1, 2, 3, 3, 3, 3, 3, 3, 3, 3 }, results.Select(r => r.Failures).Order());
        Assert.Equal(2, results.Count(r => r.Outcome == MfaCheckOutcome.Invalid));
        Assert.Equal(8, results.Count(r => r.Outcome == MfaCheckOutcome.LockedOut));
        Assert.Equal(3, Assert.Single(results, r => r.LockedNow).Failures);
        Assert.Equal(3, await FailureCountAsync(_alice));
        Assert.Equal(10, _factory.MfaEnrollments.Peek(_alice.Id)!.RecoveryCodeHashes.Count);
    }

    [Fact]
    public async Task Wrong_codes_of_both_kinds_at_once_share_the_limit()
    {
        UseLockout("""{ "mfaThreshold": 3 }""");
        await EnrollAsync(_alice);

        var results = await RaceAsync(10, () => Mfa.VerifyCodeAsync(_alice, "99999a"));
        var more = await RaceAsync(4, () => Mfa.VerifyRecoveryCodeAsync(_alice, "2222-2222"));

        Assert.Single(results.Concat(more), r => r.LockedNow);
        Assert.All(more, r => Assert.Equal(MfaCheckOutcome.LockedOut, r.Outcome));
        Assert.Equal(3, await FailureCountAsync(_alice));
    }

    [Fact]
    public async Task A_right_code_at_the_last_allowed_attempt_succeeds_and_clears_the_count()
    {
        UseLockout("""{ "mfaThreshold": 3 }""");
        var (secret, _) = await EnrollAsync(_alice);
        Assert.Equal(1, (await Mfa.VerifyCodeAsync(_alice, "99999a")).Failures);
        Assert.Equal(2, (await Mfa.VerifyCodeAsync(_alice, "99999a")).Failures);

        var right = await Mfa.VerifyCodeAsync(_alice, NextCode(secret));

        Assert.Equal(MfaCheckOutcome.Accepted, right.Outcome);
        Assert.Equal(0, right.Failures);
        Assert.False(right.LockedNow);
        Assert.Equal(0, await FailureCountAsync(_alice));
        Assert.Null(await Mfa.LockedOutAsync(_alice));
        var next = await Mfa.VerifyCodeAsync(_alice, "99999a");
        Assert.Equal(1, next.Failures);
        Assert.Equal(2, next.AttemptsLeft);
    }

    [Fact]
    public async Task A_right_recovery_code_at_the_last_allowed_attempt_succeeds_and_clears_the_count()
    {
        UseLockout("""{ "mfaThreshold": 3 }""");
        var (_, confirmed) = await EnrollAsync(_alice);
        await Mfa.VerifyCodeAsync(_alice, "99999a");
        await Mfa.VerifyRecoveryCodeAsync(_alice, "2222-2222");

        var right = await Mfa.VerifyRecoveryCodeAsync(_alice, confirmed.RecoveryCodes![5]);

        Assert.Equal(MfaCheckOutcome.Accepted, right.Outcome);
        Assert.Equal(9, right.RecoveryCodesLeft);
        Assert.Equal(0, await FailureCountAsync(_alice));
        Assert.Null(await Mfa.LockedOutAsync(_alice));
    }

    [Fact]
    public async Task A_right_code_turned_away_by_the_limit_is_not_spent()
    {
        UseLockout("""{ "mfaThreshold": 3 }""");
        var (secret, confirmed) = await EnrollAsync(_alice);
        for (var i = 0; i < 3; i++)
        {
            await Mfa.VerifyCodeAsync(_alice, "99999a");
        }

        var code = NextCode(secret);
        Assert.Equal(MfaCheckOutcome.LockedOut, (await Mfa.VerifyCodeAsync(_alice, code)).Outcome);
        Assert.Equal(MfaCheckOutcome.LockedOut, (await Mfa.VerifyRecoveryCodeAsync(_alice, confirmed.RecoveryCodes![0])).Outcome);

        // Never checked, so never recorded as used: after the reset the very same code and recovery code still work.
        await Mfa.ResetFailuresAsync(_alice);
        Assert.True((await Mfa.VerifyCodeAsync(_alice, code)).Succeeded);
        Assert.True((await Mfa.VerifyRecoveryCodeAsync(_alice, confirmed.RecoveryCodes[0])).Succeeded);
    }

    [Fact]
    public async Task Parallel_wrong_confirmations_during_enrolment_are_limited_the_same_way()
    {
        UseLockout("""{ "mfaThreshold": 3 }""");
        var pending = await BeginAsync(_alice);

        var results = await RaceAsync(10, () => ConfirmAsync(_alice, "99999a"));

        Assert.Equal(2, results.Count(r => r.Outcome == MfaCheckOutcome.Invalid));
        Assert.Single(results, r => r.LockedNow);
        Assert.Equal(MfaCheckOutcome.LockedOut, (await ConfirmAsync(_alice, CodeNow(pending.Secret))).Outcome);
        Assert.False(_factory.MfaEnrollments.Peek(_alice.Id)!.IsConfirmed);
    }

    // ---- the seed is bound to its user ----

    [Fact]
    public async Task A_seed_copied_onto_another_users_enrolment_cannot_be_read_there()
    {
        var (aliceSecret, _) = await EnrollAsync(_alice);
        var alices = _factory.MfaEnrollments.Peek(_alice.Id)!;
        // Someone with write access to the table gives Bob Alice's authenticator.
        _factory.MfaEnrollments.Put(alices with { UserId = _bob.Id });

        var check = await Mfa.VerifyCodeAsync(_bob, NextCode(aliceSecret));

        Assert.Equal(MfaCheckOutcome.SeedUnreadable, check.Outcome);
        Assert.False(check.Succeeded);
    }

    [Fact]
    public async Task A_pending_seed_copied_onto_another_user_neither_confirms_nor_is_shown_to_them()
    {
        var alicePending = await BeginAsync(_alice);
        _factory.MfaEnrollments.Put(_factory.MfaEnrollments.Peek(_alice.Id)! with { UserId = _bob.Id });

        // Even in a flow with the same ID: the pending seed is bound to the user as well as to the flow.
        Assert.Equal(MfaCheckOutcome.NotEnrolled, (await ConfirmAsync(_bob, CodeNow(alicePending.Secret), _flow)).Outcome);
        Assert.Equal(MfaCheckOutcome.NotEnrolled, (await ConfirmAsync(_bob, CodeNow(alicePending.Secret))).Outcome);
        var bobPending = await BeginAsync(_bob, _flow);
        Assert.NotEqual(alicePending.Secret.Base32, bobPending.Secret.Base32);
    }

    [Fact]
    public async Task A_pending_seed_cannot_sign_in_even_if_marked_confirmed_behind_the_confirmation()
    {
        // Someone with write access confirms a pending row directly: its seed is still protected for the flow only.
        var pending = await BeginAsync(_alice);
        await _factory.MfaEnrollments.ConfirmAsync(_alice.Id, _factory.Time.GetUtcNow());

        Assert.Equal(MfaCheckOutcome.SeedUnreadable, (await Mfa.VerifyCodeAsync(_alice, CodeNow(pending.Secret))).Outcome);
    }

    // ---- issuer ----

    [Theory]
    [InlineData("Contoso:IT", "Contoso IT")]
    [InlineData(":Contoso:", "Contoso")]
    [InlineData("Contoso Ltd", "Contoso Ltd")]
    public void The_issuer_falls_back_to_the_organisation_name_without_colons(string organization, string expected)
    {
        var factory = new CoreTestFactory(o => o.Branding.OrganizationName = organization);

        Assert.Equal(expected, factory.CreateMfaAuthenticator().Issuer);
    }

    [Fact]
    public void A_configured_issuer_wins_over_the_organisation_name()
    {
        var factory = new CoreTestFactory(o =>
        {
            o.Branding.OrganizationName = "Contoso Ltd";
            o.Mfa.Issuer = "Contoso Sign-in";
        });

        Assert.Equal("Contoso Sign-in", factory.CreateMfaAuthenticator().Issuer);
    }

    [Fact]
    public async Task An_organisation_name_with_a_colon_still_yields_a_valid_key_uri()
    {
        var factory = new CoreTestFactory(o => o.Branding.OrganizationName = "Contoso:IT");
        var user = factory.Directory.Add("alice@contoso.com");

        var pending = await factory.CreateMfaAuthenticator().BeginEnrollmentAsync(user, SessionIds.NewId());

        Assert.StartsWith("otpauth://totp/Contoso%20IT:alice%40contoso.com?", pending.KeyUri, StringComparison.Ordinal);
        Assert.Contains("&issuer=Contoso%20IT&", pending.KeyUri, StringComparison.Ordinal);
    }

    private sealed class EnrollmentComparer : IEqualityComparer<MfaEnrollment?>
    {
        public static readonly EnrollmentComparer Instance = new();

        public bool Equals(MfaEnrollment? x, MfaEnrollment? y) =>
            x is null ? y is null : y is not null && x.UserId == y.UserId && x.ProtectedSeed == y.ProtectedSeed && x.CreatedAt == y.CreatedAt
                && x.ConfirmedAt == y.ConfirmedAt && x.RecoveryCodeHashes.SequenceEqual(y.RecoveryCodeHashes);

        public int GetHashCode(MfaEnrollment? obj) => obj?.UserId.GetHashCode() ?? 0;
    }
}

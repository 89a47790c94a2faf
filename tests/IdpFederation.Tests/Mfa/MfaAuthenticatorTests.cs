using IdpFederation.Core.Directory;
using IdpFederation.Core.Mfa;
using IdpFederation.Core.Policies;
using IdpFederation.Tests.CoreLayer;
using Microsoft.AspNetCore.WebUtilities;
using PolicySnippets = IdpFederation.Tests.Policies.PolicySnippets;

namespace IdpFederation.Tests.Mfa;

/// <summary>
/// Enrolment, TOTP and recovery codes, replay and lockout, over the in-memory stores and a manual clock. Codes are
/// computed from the secret BeginEnrollmentAsync hands out, as the user's authenticator app would.
/// </summary>
public sealed class MfaAuthenticatorTests
{
    private const int Threshold = 5;

    private readonly CoreTestFactory _factory = new();
    private readonly DirectoryUser _alice;
    private readonly DirectoryUser _bob;

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

    private async Task<(TotpSecret Secret, MfaCheck Confirmed)> EnrollAsync(DirectoryUser user)
    {
        var pending = await Mfa.BeginEnrollmentAsync(user);
        var confirmed = await Mfa.ConfirmEnrollmentAsync(user, CodeNow(pending.Secret));
        Assert.True(confirmed.Succeeded, confirmed.Outcome.ToString());
        return (pending.Secret, confirmed);
    }

    private void UseLockout(string lockoutJson) =>
        _factory.Policies = new StaticPolicyProvider(PolicySnippets.Compile($$"""{ "rules": [], "lockout": {{lockoutJson}} }"""));

    // ---- enrolment ----

    [Fact]
    public async Task Beginning_enrolment_stores_an_unconfirmed_enrolment_with_only_a_protected_seed()
    {
        var pending = await Mfa.BeginEnrollmentAsync(_alice);

        var stored = _factory.MfaEnrollments.Peek(_alice.Id);
        Assert.NotNull(stored);
        Assert.False(stored.IsConfirmed);
        Assert.Null(stored.ConfirmedAt);
        Assert.Equal(_factory.Time.GetUtcNow(), stored.CreatedAt);
        Assert.Empty(stored.RecoveryCodeHashes);
        var bytes = pending.Secret.ToArray();
        Assert.Equal(TotpSecret.SizeInBytes, bytes.Length);
        foreach (var plain in new[]
                 {
                     pending.Secret.Base32, Convert.ToBase64String(bytes), Convert.ToBase64String(bytes).TrimEnd('='),
                     WebEncoders.Base64UrlEncode(bytes), Convert.ToHexString(bytes),
                 })
        {
            Assert.DoesNotContain(plain, stored.ProtectedSeed, StringComparison.OrdinalIgnoreCase);
        }

        var payload = WebEncoders.Base64UrlDecode(stored.ProtectedSeed);
        Assert.Equal(-1, payload.AsSpan().IndexOf(bytes));
        // And it is the seed of the secret handed out, readable only for Alice.
        Assert.Equal(bytes, _factory.CreateMfaSecretProtector().Unprotect(_alice.Id.ToString("N"), stored.ProtectedSeed).ToArray());
    }

    [Fact]
    public async Task The_key_uri_names_the_issuer_and_the_user_and_carries_the_secret()
    {
        var pending = await Mfa.BeginEnrollmentAsync(_alice);

        Assert.Equal(
            $"otpauth://totp/IdpFederation:alice%40contoso.com?secret={pending.Secret.Base32}&issuer=IdpFederation&algorithm=SHA1&digits=6&period=30",
            pending.KeyUri);
    }

    [Fact]
    public async Task Beginning_again_within_the_enrolment_window_shows_the_same_secret()
    {
        var first = await Mfa.BeginEnrollmentAsync(_alice);
        var stored = _factory.MfaEnrollments.Peek(_alice.Id);
        _factory.Time.Advance(_factory.CurrentOptions.Mfa.EnrollmentWindow - TimeSpan.FromMilliseconds(1));

        var second = await Mfa.BeginEnrollmentAsync(_alice);

        Assert.Equal(first.Secret.Base32, second.Secret.Base32);
        Assert.Equal(first.KeyUri, second.KeyUri);
        Assert.Equal(stored, _factory.MfaEnrollments.Peek(_alice.Id), EnrollmentComparer.Instance);
    }

    [Fact]
    public async Task Beginning_again_after_the_enrolment_window_replaces_the_secret()
    {
        var first = await Mfa.BeginEnrollmentAsync(_alice);
        var before = _factory.MfaEnrollments.Peek(_alice.Id)!;
        _factory.Time.Advance(_factory.CurrentOptions.Mfa.EnrollmentWindow);

        var second = await Mfa.BeginEnrollmentAsync(_alice);

        Assert.NotEqual(first.Secret.Base32, second.Secret.Base32);
        var after = _factory.MfaEnrollments.Peek(_alice.Id)!;
        Assert.NotEqual(before.ProtectedSeed, after.ProtectedSeed);
        Assert.Equal(_factory.Time.GetUtcNow(), after.CreatedAt);
        Assert.False(after.IsConfirmed);
        // The old secret's codes no longer confirm.
        Assert.Equal(MfaCheckOutcome.Invalid, (await Mfa.ConfirmEnrollmentAsync(_alice, CodeNow(first.Secret))).Outcome);
    }

    [Fact]
    public async Task Beginning_for_a_user_already_enrolled_is_refused()
    {
        await EnrollAsync(_alice);

        await Assert.ThrowsAsync<InvalidOperationException>(() => Mfa.BeginEnrollmentAsync(_alice));
        Assert.True(_factory.MfaEnrollments.Peek(_alice.Id)!.IsConfirmed);
    }

    [Fact]
    public async Task Beginning_for_a_user_not_in_the_directory_fails_as_the_store_refuses()
    {
        var ghost = _alice with { Id = Guid.NewGuid(), UserPrincipalName = "ghost@contoso.com" };

        var error = await Assert.ThrowsAsync<DirectoryException>(() => Mfa.BeginEnrollmentAsync(ghost));

        Assert.Equal(DirectoryError.UserNotFound, error.Error);
    }

    [Fact]
    public async Task Confirming_with_the_right_code_confirms_now_and_issues_ten_recovery_codes_stored_only_as_hashes()
    {
        var pending = await Mfa.BeginEnrollmentAsync(_alice);
        _factory.Time.Advance(TimeSpan.FromSeconds(40.5));

        var check = await Mfa.ConfirmEnrollmentAsync(_alice, CodeNow(pending.Secret));

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
        var pending = await Mfa.BeginEnrollmentAsync(_alice);

        Assert.True((await Mfa.ConfirmEnrollmentAsync(_alice, CodeNow(pending.Secret, offsetSteps: -1))).Succeeded);
    }

    [Fact]
    public async Task Confirming_with_a_wrong_code_counts_a_failure_and_leaves_the_enrolment_unconfirmed()
    {
        var pending = await Mfa.BeginEnrollmentAsync(_alice);
        var wrong = CodeNow(pending.Secret, offsetSteps: 5);

        var check = await Mfa.ConfirmEnrollmentAsync(_alice, wrong);

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
        Assert.Equal(MfaCheckOutcome.NotEnrolled, (await Mfa.ConfirmEnrollmentAsync(_alice, "123456")).Outcome);

        var (secret, _) = await EnrollAsync(_alice);

        Assert.Equal(MfaCheckOutcome.NotEnrolled, (await Mfa.ConfirmEnrollmentAsync(_alice, NextCode(secret))).Outcome);
    }

    [Fact]
    public async Task The_code_that_confirmed_enrolment_cannot_be_used_again_to_sign_in()
    {
        var pending = await Mfa.BeginEnrollmentAsync(_alice);
        var code = CodeNow(pending.Secret);
        Assert.True((await Mfa.ConfirmEnrollmentAsync(_alice, code)).Succeeded);

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
        var pending = await Mfa.BeginEnrollmentAsync(_alice);

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

    // ---- lockout ----

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

        var right = await Mfa.VerifyCodeAsync(_alice, NextCode(secret));
        Assert.Equal(MfaCheckOutcome.LockedOut, right.Outcome);
        Assert.False(right.LockedNow);
        Assert.Equal(Threshold, right.Failures);
        var recovery = await Mfa.VerifyRecoveryCodeAsync(_alice, confirmed.RecoveryCodes![0]);
        Assert.Equal(MfaCheckOutcome.LockedOut, recovery.Outcome);
        Assert.False(recovery.LockedNow);
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
    }

    [Fact]
    public async Task Wrong_codes_during_enrolment_count_towards_the_lockout_too()
    {
        var pending = await Mfa.BeginEnrollmentAsync(_alice);
        for (var i = 0; i < Threshold - 1; i++)
        {
            await Mfa.ConfirmEnrollmentAsync(_alice, "99999a");
        }

        Assert.Equal(MfaCheckOutcome.LockedOut, (await Mfa.ConfirmEnrollmentAsync(_alice, "99999a")).Outcome);
        Assert.Equal(MfaCheckOutcome.LockedOut, (await Mfa.ConfirmEnrollmentAsync(_alice, CodeNow(pending.Secret))).Outcome);
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

    [Fact]
    public async Task In_log_only_mode_the_threshold_is_reported_but_nothing_is_locked()
    {
        UseLockout("""{ "mode": "logOnly" }""");
        var (secret, confirmed) = await EnrollAsync(_alice);
        for (var i = 1; i < Threshold; i++)
        {
            var wrong = await Mfa.VerifyCodeAsync(_alice, "99999a");
            Assert.Equal(MfaCheckOutcome.Invalid, wrong.Outcome);
            Assert.False(wrong.LockedNow);
            Assert.Null(wrong.AttemptsLeft);
        }

        var atThreshold = await Mfa.VerifyCodeAsync(_alice, "99999a");
        Assert.Equal(MfaCheckOutcome.Invalid, atThreshold.Outcome);
        Assert.True(atThreshold.LockedNow);
        Assert.Equal(Threshold, atThreshold.Failures);

        var beyond = await Mfa.VerifyRecoveryCodeAsync(_alice, "2222-2222");
        Assert.Equal(MfaCheckOutcome.Invalid, beyond.Outcome);
        Assert.Null(await Mfa.LockedOutAsync(_alice));
        Assert.True((await Mfa.VerifyCodeAsync(_alice, NextCode(secret))).Succeeded);
        Assert.True((await Mfa.VerifyRecoveryCodeAsync(_alice, confirmed.RecoveryCodes![0])).Succeeded);
    }

    [Fact]
    public async Task With_lockout_off_nothing_is_locked_or_reported()
    {
        UseLockout("""{ "mode": "off" }""");
        var (secret, _) = await EnrollAsync(_alice);
        MfaCheck? last = null;
        for (var i = 0; i < Threshold + 2; i++)
        {
            last = await Mfa.VerifyCodeAsync(_alice, "99999a");
            Assert.False(last.LockedNow);
            Assert.Equal(MfaCheckOutcome.Invalid, last.Outcome);
        }

        Assert.Equal(Threshold + 2, last!.Failures);
        Assert.True((await Mfa.VerifyCodeAsync(_alice, NextCode(secret))).Succeeded);
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
        var alicePending = await Mfa.BeginEnrollmentAsync(_alice);
        _factory.MfaEnrollments.Put(_factory.MfaEnrollments.Peek(_alice.Id)! with { UserId = _bob.Id });

        Assert.Equal(MfaCheckOutcome.NotEnrolled, (await Mfa.ConfirmEnrollmentAsync(_bob, CodeNow(alicePending.Secret))).Outcome);
        var bobPending = await Mfa.BeginEnrollmentAsync(_bob);
        Assert.NotEqual(alicePending.Secret.Base32, bobPending.Secret.Base32);
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

        var pending = await factory.CreateMfaAuthenticator().BeginEnrollmentAsync(user);

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

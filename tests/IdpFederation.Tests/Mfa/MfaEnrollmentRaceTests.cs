using IdpFederation.Core.Directory;
using IdpFederation.Core.Mfa;
using IdpFederation.Core.Sessions;
using IdpFederation.Tests.CoreLayer;

namespace IdpFederation.Tests.Mfa;

/// <summary>
/// Confirming an enrolment is two writes (seed and recovery codes, then the confirmation). Another sign-in that begins
/// an enrolment between them replaces the seed; the confirmation must then fail rather than confirm a seed the user
/// never scanned, with recovery codes that no longer exist.
/// </summary>
[Trait("Kind", "Unit")]
public sealed class MfaEnrollmentRaceTests
{
    private readonly CoreTestFactory _factory = new();
    private readonly DirectoryUser _alice;

    public MfaEnrollmentRaceTests() => _alice = _factory.Directory.Add("alice@contoso.com");

    [Fact]
    public async Task An_enrolment_begun_elsewhere_between_the_two_writes_makes_the_confirmation_fail_cleanly()
    {
        var mfa = _factory.CreateMfaAuthenticator();
        var flow = SessionIds.NewId();
        var other = SessionIds.NewId();
        var pending = await mfa.BeginEnrollmentAsync(_alice, flow);
        _factory.MfaEnrollments.BeforeConfirmPending = () => mfa.BeginEnrollmentAsync(_alice, other);
        var totp = pending.Secret.ToTotp();

        var check = await mfa.ConfirmEnrollmentAsync(_alice, flow, totp.Compute(totp.TimeStep(_factory.Time.GetUtcNow())));

        Assert.Equal(MfaCheckOutcome.NotEnrolled, check.Outcome);
        Assert.Null(check.RecoveryCodes);
        var stored = await _factory.MfaEnrollments.GetAsync(_alice.Id);
        Assert.False(stored!.IsConfirmed);

        // The other sign-in's enrolment is intact and can be confirmed with its own seed.
        var theirs = await mfa.BeginEnrollmentAsync(_alice, other);
        var theirTotp = theirs.Secret.ToTotp();
        _factory.Time.Advance(TimeSpan.FromSeconds(30));
        var confirmed = await mfa.ConfirmEnrollmentAsync(_alice, other, theirTotp.Compute(theirTotp.TimeStep(_factory.Time.GetUtcNow())));
        Assert.True(confirmed.Succeeded);
        Assert.Equal(10, confirmed.RecoveryCodes!.Count);
    }

    [Fact]
    public async Task A_set_up_begun_elsewhere_never_overwrites_an_enrolment_completed_in_between()
    {
        var mfa = _factory.CreateMfaAuthenticator();
        var flow = SessionIds.NewId();
        var pending = await mfa.BeginEnrollmentAsync(_alice, flow);
        var totp = pending.Secret.ToTotp();
        MfaCheck? confirmed = null;
        // The other sign-in has read "not confirmed yet"; the user's confirmation lands before it writes.
        _factory.MfaEnrollments.BeforeSavePending = async () =>
            confirmed = await mfa.ConfirmEnrollmentAsync(_alice, flow, totp.Compute(totp.TimeStep(_factory.Time.GetUtcNow())));

        await Assert.ThrowsAsync<InvalidOperationException>(() => mfa.BeginEnrollmentAsync(_alice, SessionIds.NewId()));

        Assert.True(confirmed!.Succeeded);
        var stored = await _factory.MfaEnrollments.GetAsync(_alice.Id);
        Assert.True(stored!.IsConfirmed);
        Assert.Equal(10, stored.RecoveryCodeHashes.Count);
        _factory.Time.Advance(TimeSpan.FromSeconds(30));
        Assert.True((await mfa.VerifyCodeAsync(_alice, totp.Compute(totp.TimeStep(_factory.Time.GetUtcNow())))).Succeeded);
    }
}

using System.Collections.Concurrent;
using IdpFederation.Core.Mfa;
using IdpFederation.Core.State;
using IdpFederation.Tests.CoreLayer;

namespace IdpFederation.Tests.Mfa;

[Trait("Kind", "Unit")]
public sealed class TotpVerifierTests
{
    private const string Alice = "alice@contoso.com";

    // 1_700_000_010 is the first second of a 30-second step; 15 s in is the middle.
    private static readonly DateTimeOffset MidStep = DateTimeOffset.FromUnixTimeSeconds(1_700_000_025);

    private readonly ManualTimeProvider _clock = new(MidStep);
    private readonly RecordingReplayCache _replay;
    private readonly InMemoryCounterStore _counters;
    private readonly TotpVerifier _verifier;
    private readonly Totp _totp = TotpSecret.FromBytes("12345678901234567890"u8).ToTotp();

    public TotpVerifierTests()
    {
        _replay = new RecordingReplayCache(new InMemoryReplayCache(_clock));
        _counters = new InMemoryCounterStore(_clock);
        _verifier = new TotpVerifier(_replay, _counters, _clock);
    }

    private long Now => _totp.TimeStep(_clock.GetUtcNow());

    private string CodeAt(long offset) => _totp.Compute(Now + offset);

    [Fact]
    public async Task The_current_code_is_accepted_and_reports_its_step()
    {
        var result = await _verifier.VerifyAsync(Alice, _totp, CodeAt(0));
        Assert.True(result.Succeeded);
        Assert.Equal(TotpOutcome.Accepted, result.Outcome);
        Assert.Equal(Now, result.TimeStep);
        Assert.Equal(0, result.Failures);
    }

    [Fact]
    public async Task The_same_code_twice_is_refused_as_a_replay()
    {
        var code = CodeAt(0);
        Assert.True((await _verifier.VerifyAsync(Alice, _totp, code)).Succeeded);
        var second = await _verifier.VerifyAsync(Alice, _totp, code);
        Assert.Equal(TotpOutcome.Replayed, second.Outcome);
        Assert.Null(second.TimeStep);
    }

    [Fact]
    public async Task A_used_step_stays_refused_until_the_last_moment_it_could_be_accepted()
    {
        var code = CodeAt(0);
        Assert.True((await _verifier.VerifyAsync(Alice, _totp, code)).Succeeded);

        // The step is still inside the drift window until the end of the next step: 44 s from mid-step.
        _clock.Advance(TimeSpan.FromSeconds(44));
        Assert.Equal(TotpOutcome.Replayed, (await _verifier.VerifyAsync(Alice, _totp, code)).Outcome);

        // One second later it is simply too old.
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(TotpOutcome.Invalid, (await _verifier.VerifyAsync(Alice, _totp, code)).Outcome);
    }

    [Fact]
    public async Task A_code_from_the_previous_step_is_refused_once_the_current_one_was_used()
    {
        var previous = CodeAt(-1);
        Assert.True((await _verifier.VerifyAsync(Alice, _totp, CodeAt(0))).Succeeded);
        Assert.Equal(TotpOutcome.Replayed, (await _verifier.VerifyAsync(Alice, _totp, previous)).Outcome);
    }

    [Fact]
    public async Task After_a_step_ahead_was_used_both_older_steps_in_the_window_are_spent()
    {
        var (previous, current) = (CodeAt(-1), CodeAt(0));
        Assert.True((await _verifier.VerifyAsync(Alice, _totp, CodeAt(1))).Succeeded);
        Assert.Equal(TotpOutcome.Replayed, (await _verifier.VerifyAsync(Alice, _totp, current)).Outcome);
        Assert.Equal(TotpOutcome.Replayed, (await _verifier.VerifyAsync(Alice, _totp, previous)).Outcome);
    }

    [Fact]
    public async Task Moving_forward_is_allowed_the_previous_step_then_the_current_one()
    {
        Assert.True((await _verifier.VerifyAsync(Alice, _totp, CodeAt(-1))).Succeeded);
        Assert.True((await _verifier.VerifyAsync(Alice, _totp, CodeAt(0))).Succeeded);
        _clock.Advance(TimeSpan.FromSeconds(30));
        Assert.True((await _verifier.VerifyAsync(Alice, _totp, CodeAt(0))).Succeeded);
    }

    [Theory]
    [InlineData(-1, true)]
    [InlineData(0, true)]
    [InlineData(1, true)]
    [InlineData(-2, false)]
    [InlineData(2, false)]
    [InlineData(-3, false)]
    public async Task One_step_of_drift_is_accepted_and_two_are_refused(int drift, bool accepted)
    {
        var result = await _verifier.VerifyAsync(Alice, _totp, CodeAt(drift));
        Assert.Equal(accepted ? TotpOutcome.Accepted : TotpOutcome.Invalid, result.Outcome);
        Assert.Equal(accepted ? Now + drift : null, result.TimeStep);
    }

    [Fact]
    public async Task Drift_is_measured_from_the_clock_at_the_edges_of_a_step()
    {
        // Last second of a step: the next step's code is one step ahead, the one after that two.
        _clock.SetUtcNow(DateTimeOffset.FromUnixTimeSeconds(1_700_000_039));
        Assert.Equal(TotpOutcome.Invalid, (await _verifier.VerifyAsync(Alice, _totp, CodeAt(2))).Outcome);
        Assert.True((await _verifier.VerifyAsync(Alice, _totp, CodeAt(1))).Succeeded);
    }

    [Fact]
    public async Task The_replay_entry_uses_the_totp_scope_the_user_and_step_and_outlives_the_window()
    {
        var step = Now;
        Assert.True((await _verifier.VerifyAsync(Alice, _totp, CodeAt(0))).Succeeded);
        var entry = _replay.Calls.First();
        Assert.Equal("totp", entry.Scope);
        Assert.Equal($"ALICE@CONTOSO.COM:{step}", entry.Value);
        Assert.True(entry.Lifetime >= TimeSpan.FromSeconds(3 * 30), $"lifetime {entry.Lifetime}");
        Assert.Contains(_replay.Calls, c => c.Value == $"ALICE@CONTOSO.COM:{step - 1}");
    }

    [Fact]
    public async Task A_code_used_on_one_instance_is_refused_on_another_sharing_the_replay_cache()
    {
        var other = new TotpVerifier(_replay, _counters, _clock);
        var code = CodeAt(0);
        Assert.True((await _verifier.VerifyAsync(Alice, _totp, code)).Succeeded);
        Assert.Equal(TotpOutcome.Replayed, (await other.VerifyAsync(Alice, _totp, code)).Outcome);
    }

    [Fact]
    public async Task The_user_key_is_case_insensitive_for_replay()
    {
        var code = CodeAt(0);
        Assert.True((await _verifier.VerifyAsync(Alice, _totp, code)).Succeeded);
        Assert.Equal(TotpOutcome.Replayed, (await _verifier.VerifyAsync(" ALICE@Contoso.com ", _totp, code)).Outcome);
    }

    [Fact]
    public async Task Another_user_with_the_same_step_is_not_affected()
    {
        var code = CodeAt(0);
        Assert.True((await _verifier.VerifyAsync(Alice, _totp, code)).Succeeded);
        Assert.True((await _verifier.VerifyAsync("bob@contoso.com", _totp, code)).Succeeded);
    }

    [Theory]
    [InlineData(" ")]
    [InlineData("-")]
    public async Task Spaces_and_dashes_in_the_typed_code_are_ignored(string separator)
    {
        var code = CodeAt(0);
        Assert.True((await _verifier.VerifyAsync(Alice, _totp, code[..3] + separator + code[3..])).Succeeded);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("abcdef")]
    [InlineData("1234567")]
    public async Task Malformed_codes_are_invalid_and_counted(string? code)
    {
        var result = await _verifier.VerifyAsync(Alice, _totp, code);
        Assert.Equal(TotpOutcome.Invalid, result.Outcome);
        Assert.Equal(1, result.Failures);
    }

    [Fact]
    public async Task A_very_long_input_is_invalid_without_work()
    {
        var result = await _verifier.VerifyAsync(Alice, _totp, new string('1', 100_000));
        Assert.Equal(TotpOutcome.Invalid, result.Outcome);
    }

    [Fact]
    public async Task Wrong_codes_are_counted_under_mfafail_with_the_upper_cased_user()
    {
        var wrong = WrongCode();
        Assert.Equal(1, (await _verifier.VerifyAsync(Alice, _totp, wrong)).Failures);
        Assert.Equal(2, (await _verifier.VerifyAsync(Alice, _totp, wrong)).Failures);
        Assert.Equal(3, (await _verifier.VerifyAsync("ALICE@contoso.com", _totp, wrong)).Failures);
        Assert.Equal("mfafail:ALICE@CONTOSO.COM", TotpVerifier.FailureCounterKey(Alice));
        Assert.Equal(3, await _counters.GetAsync("mfafail:ALICE@CONTOSO.COM"));
        Assert.Equal(3, await _verifier.GetFailureCountAsync(Alice));
        Assert.Equal(0, await _verifier.GetFailureCountAsync("bob@contoso.com"));
    }

    [Fact]
    public async Task A_replay_counts_as_a_failure()
    {
        var code = CodeAt(0);
        await _verifier.VerifyAsync(Alice, _totp, code);
        Assert.Equal(1, (await _verifier.VerifyAsync(Alice, _totp, code)).Failures);
        Assert.Equal(1, await _verifier.GetFailureCountAsync(Alice));
    }

    [Fact]
    public async Task Success_clears_the_failure_count()
    {
        await _verifier.VerifyAsync(Alice, _totp, WrongCode());
        await _verifier.VerifyAsync(Alice, _totp, WrongCode());
        Assert.Equal(2, await _verifier.GetFailureCountAsync(Alice));
        Assert.True((await _verifier.VerifyAsync(Alice, _totp, CodeAt(0))).Succeeded);
        Assert.Equal(0, await _verifier.GetFailureCountAsync(Alice));
    }

    [Fact]
    public async Task Failures_expire_with_the_window_and_can_be_reset()
    {
        var verifier = new TotpVerifier(_replay, _counters, _clock, TimeSpan.FromMinutes(5));
        await verifier.VerifyAsync(Alice, _totp, WrongCode());
        _clock.Advance(TimeSpan.FromMinutes(4));
        Assert.Equal(1, await verifier.GetFailureCountAsync(Alice));
        _clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(0, await verifier.GetFailureCountAsync(Alice));

        await verifier.VerifyAsync(Alice, _totp, WrongCode());
        await verifier.ResetFailuresAsync(Alice);
        Assert.Equal(0, await verifier.GetFailureCountAsync(Alice));
    }

    [Fact]
    public async Task Thirty_two_concurrent_verifications_of_one_code_let_exactly_one_succeed()
    {
        var code = CodeAt(0);
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var tasks = Enumerable.Range(0, 32).Select(_ => Task.Run(async () =>
        {
            await start.Task;
            return await _verifier.VerifyAsync(Alice, _totp, code);
        })).ToArray();
        start.SetResult();
        var results = await Task.WhenAll(tasks);
        Assert.Single(results, r => r.Succeeded);
        Assert.Equal(31, results.Count(r => r.Outcome == TotpOutcome.Replayed));
        // Every attempt was counted before its check; the success then forgot those counted before it, so what is
        // left depends on the interleaving, but never exceeds the refusals.
        Assert.All(results.Where(r => !r.Succeeded), r => Assert.InRange(r.Failures, 1, 32));
        Assert.InRange(await _verifier.GetFailureCountAsync(Alice), 0, 31);
    }

    // ---- the attempt limit: attempts are reserved before a code is checked ----

    [Fact]
    public async Task Without_a_limit_wrong_codes_are_only_counted()
    {
        var wrong = WrongCode();
        for (var i = 1; i <= 20; i++)
        {
            var result = await _verifier.VerifyAsync(Alice, _totp, wrong);
            Assert.Equal(TotpOutcome.Invalid, result.Outcome);
            Assert.Equal(i, result.Failures);
        }

        Assert.True((await _verifier.VerifyAsync(Alice, _totp, CodeAt(0))).Succeeded);
    }

    [Fact]
    public async Task Refused_codes_up_to_the_limit_keep_their_attempt_number_and_the_next_is_locked_out_unchecked()
    {
        var wrong = WrongCode();
        for (var i = 1; i <= 3; i++)
        {
            var refused = await _verifier.VerifyAsync(Alice, _totp, wrong, maxAttempts: 3);
            Assert.Equal(TotpOutcome.Invalid, refused.Outcome);
            Assert.Equal(i, refused.Failures);
        }

        var locked = await _verifier.VerifyAsync(Alice, _totp, wrong, maxAttempts: 3);

        Assert.Equal(TotpOutcome.LockedOut, locked.Outcome);
        Assert.False(locked.Succeeded);
        Assert.Null(locked.TimeStep);
        Assert.Equal(3, locked.Failures);
        Assert.Equal(3, await _verifier.GetFailureCountAsync(Alice));
    }

    [Fact]
    public async Task A_right_code_beyond_the_limit_is_locked_out_without_touching_the_replay_cache()
    {
        var code = CodeAt(0);
        for (var i = 0; i < 3; i++)
        {
            await _verifier.VerifyAsync(Alice, _totp, WrongCode(), maxAttempts: 3);
        }

        var locked = await _verifier.VerifyAsync(Alice, _totp, code, maxAttempts: 3);

        Assert.Equal(TotpOutcome.LockedOut, locked.Outcome);
        Assert.Null(locked.TimeStep);
        Assert.Equal(3, locked.Failures);
        Assert.Empty(_replay.Calls);
        // The code was never looked at, so it is not spent: once the count is reset it is accepted, not a replay.
        await _verifier.ResetFailuresAsync(Alice);
        Assert.True((await _verifier.VerifyAsync(Alice, _totp, code, maxAttempts: 3)).Succeeded);
    }

    [Fact]
    public async Task A_right_code_at_the_last_allowed_attempt_is_accepted_and_resets_the_count()
    {
        await _verifier.VerifyAsync(Alice, _totp, WrongCode(), maxAttempts: 3);
        await _verifier.VerifyAsync(Alice, _totp, WrongCode(), maxAttempts: 3);

        var accepted = await _verifier.VerifyAsync(Alice, _totp, CodeAt(0), maxAttempts: 3);

        Assert.True(accepted.Succeeded);
        Assert.Equal(0, accepted.Failures);
        Assert.Equal(0, await _verifier.GetFailureCountAsync(Alice));
        Assert.Equal(1, (await _verifier.VerifyAsync(Alice, _totp, WrongCode(), maxAttempts: 3)).Failures);
    }

    [Fact]
    public async Task A_replay_within_the_limit_keeps_its_attempt_number()
    {
        var code = CodeAt(0);
        Assert.True((await _verifier.VerifyAsync(Alice, _totp, code, maxAttempts: 3)).Succeeded);
        await _verifier.VerifyAsync(Alice, _totp, WrongCode(), maxAttempts: 3);

        var replay = await _verifier.VerifyAsync(Alice, _totp, code, maxAttempts: 3);

        Assert.Equal(TotpOutcome.Replayed, replay.Outcome);
        Assert.Equal(2, replay.Failures);
    }

    [Fact]
    public async Task A_limit_of_zero_checks_nothing()
    {
        var result = await _verifier.VerifyAsync(Alice, _totp, CodeAt(0), maxAttempts: 0);

        Assert.Equal(TotpOutcome.LockedOut, result.Outcome);
        Assert.Equal(0, result.Failures);
        Assert.Empty(_replay.Calls);
    }

    [Fact]
    public async Task Ten_wrong_codes_at_once_check_at_most_the_limit()
    {
        var wrong = WrongCode();
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var tasks = Enumerable.Range(0, 10).Select(_ => Task.Run(async () =>
        {
            await start.Task;
            return await _verifier.VerifyAsync(Alice, _totp, wrong, maxAttempts: 3);
        })).ToArray();
        start.SetResult();
        var results = await Task.WhenAll(tasks);

        Assert.Equal(3, results.Count(r => r.Outcome == TotpOutcome.Invalid));
        Assert.Equal(7, results.Count(r => r.Outcome == TotpOutcome.LockedOut));
        Assert.Equal(new long[] { 1, 2, 3 }, results.Where(r => r.Outcome == TotpOutcome.Invalid).Select(r => r.Failures).Order());
        Assert.All(results.Where(r => r.Outcome == TotpOutcome.LockedOut), r => Assert.Equal(3, r.Failures));
        Assert.Equal(3, await _verifier.GetFailureCountAsync(Alice));
    }

    [Fact]
    public async Task Ten_right_codes_at_once_beyond_the_limit_never_reach_the_replay_cache()
    {
        for (var i = 0; i < 3; i++)
        {
            await _verifier.VerifyAsync(Alice, _totp, WrongCode(), maxAttempts: 3);
        }

        var code = CodeAt(0);
        var results = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => Task.Run(() => _verifier.VerifyAsync(Alice, _totp, code, maxAttempts: 3))));

        Assert.All(results, r => Assert.Equal(TotpOutcome.LockedOut, r.Outcome));
        Assert.Empty(_replay.Calls);
    }

    [Fact]
    public async Task The_limit_is_per_user()
    {
        for (var i = 0; i < 4; i++)
        {
            await _verifier.VerifyAsync(Alice, _totp, WrongCode(), maxAttempts: 3);
        }

        Assert.True((await _verifier.VerifyAsync("bob@contoso.com", _totp, CodeAt(0), maxAttempts: 3)).Succeeded);
    }

    [Fact]
    public async Task Bad_arguments_are_refused()
    {
        Assert.ThrowsAny<ArgumentException>(() => new TotpVerifier(_replay, _counters, _clock, TimeSpan.Zero));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => _verifier.VerifyAsync(" ", _totp, "123456"));
    }

    /// <summary>A six-digit code that matches none of the steps in the window.</summary>
    private string WrongCode()
    {
        var window = Enumerable.Range(-1, 3).Select(d => CodeAt(d)).ToHashSet(StringComparer.Ordinal);
        return Enumerable.Range(0, 10).Select(i => new string((char)('0' + i), 6)).First(c => !window.Contains(c));
    }

    private sealed class RecordingReplayCache(IReplayCache inner) : IReplayCache
    {
        public ConcurrentQueue<(string Scope, string Value, TimeSpan Lifetime)> Calls { get; } = new();

        public Task<bool> TryAddAsync(string scope, string value, TimeSpan lifetime, CancellationToken cancellationToken = default)
        {
            Calls.Enqueue((scope, value, lifetime));
            return inner.TryAddAsync(scope, value, lifetime, cancellationToken);
        }
    }
}

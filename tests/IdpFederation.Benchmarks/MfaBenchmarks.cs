using BenchmarkDotNet.Attributes;
using IdpFederation.Core.Mfa;
using IdpFederation.Core.State;
using Microsoft.AspNetCore.DataProtection;

namespace IdpFederation.Benchmarks;

/// <summary>
/// What one second-factor check costs on the server: unprotecting the stored seed, checking a TOTP code (with the
/// replay claim, in memory here; Redis adds one round trip per claimed step), and checking a recovery code, whose
/// PBKDF2 cost is deliberate (RecoveryCodes remarks).
/// </summary>
[MemoryDiagnoser]
public class MfaBenchmarks
{
    private TotpSecret _secret = null!;
    private Totp _totp = null!;
    private MfaSecretProtector _protector = null!;
    private string _protectedSeed = null!;
    private IReadOnlyList<string> _recoveryHashes = null!;
    private string _recoveryCode = null!;
    private string _wrongCode = null!;
    private ShiftingClock _clock = null!;
    private TotpVerifier _verifier = null!;
    private long _user;

    [GlobalSetup]
    public void Setup()
    {
        _secret = TotpSecret.Generate();
        _totp = _secret.ToTotp();
        _protector = new MfaSecretProtector(new EphemeralDataProtectionProvider());
        _protectedSeed = _protector.Protect("user-1", _secret);
        var issued = RecoveryCodes.Issue();
        _recoveryHashes = issued.Hashes;
        _recoveryCode = issued.Codes[9];
        var right = _totp.Compute(_totp.TimeStep(DateTimeOffset.UtcNow));
        _wrongCode = ((int.Parse(right, System.Globalization.CultureInfo.InvariantCulture) + 500_000) % 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
        _clock = new ShiftingClock();
        _verifier = new TotpVerifier(new InMemoryReplayCache(_clock), new InMemoryCounterStore(_clock), _clock);
    }

    [Benchmark(Description = "unprotect stored seed (Data Protection)")]
    public TotpSecret UnprotectSeed() => _protector.Unprotect("user-1", _protectedSeed);

    [Benchmark(Description = "TOTP code accepted + replay claim (in-memory)")]
    public async Task<TotpVerification> VerifyRightCode()
    {
        // A new user each time, so the replay cache never refuses and every call does the full accepting path.
        var user = "user-" + Interlocked.Increment(ref _user).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return await _verifier.VerifyAsync(user, _totp, _totp.Compute(_totp.TimeStep(_clock.GetUtcNow())));
    }

    [Benchmark(Description = "TOTP code refused (3 steps compared)")]
    public Task<TotpVerification> VerifyWrongCode() => _verifier.VerifyAsync("user-wrong", _totp, _wrongCode);

    [Benchmark(Description = "recovery code checked against 10 hashes (PBKDF2 100k)")]
    public int? VerifyRecoveryCode() => RecoveryCodes.Verify(_recoveryCode, _recoveryHashes);

    private sealed class ShiftingClock : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => DateTimeOffset.UtcNow;
    }
}

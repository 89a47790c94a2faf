namespace IdpFederation.Core.Mfa;

/// <summary>
/// A user's TOTP enrolment as stored: the seed only in its Data Protection form (<see cref="MfaSecretProtector"/>),
/// and the recovery codes only as hashes (<see cref="RecoveryCodes"/>), oldest first.
/// </summary>
/// <param name="ConfirmedAt">Null until the user has typed one valid code; an unconfirmed enrolment does not count.</param>
public sealed record MfaEnrollment(
    Guid UserId,
    string ProtectedSeed,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ConfirmedAt,
    IReadOnlyList<string> RecoveryCodeHashes)
{
    public bool IsConfirmed => ConfirmedAt is not null;
}

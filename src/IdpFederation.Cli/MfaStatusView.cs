using IdpFederation.Core.Directory;
using IdpFederation.Core.Mfa;

namespace IdpFederation.Cli;

/// <summary>What 'mfa status' shows: never the seed, nor the recovery code hashes, only how many are left.</summary>
internal sealed record MfaStatusView(
    string UserPrincipalName, bool Enrolled, DateTimeOffset? EnrolledAt, DateTimeOffset? ConfirmedAt, int RecoveryCodesLeft)
{
    public bool Confirmed => ConfirmedAt is not null;

    public static MfaStatusView From(DirectoryUser user, MfaEnrollment? enrollment) => new(
        user.UserPrincipalName,
        enrollment is not null,
        enrollment?.CreatedAt,
        enrollment?.ConfirmedAt,
        enrollment?.RecoveryCodeHashes.Count ?? 0);
}

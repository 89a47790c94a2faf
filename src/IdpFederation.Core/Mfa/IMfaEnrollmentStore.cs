using IdpFederation.Core.Directory;

namespace IdpFederation.Core.Mfa;

/// <summary>
/// Persistent MFA enrolments, one per user, removed with the user. Implementations store what they are given: the
/// caller protects the seed and hashes the recovery codes before they get here.
/// </summary>
public interface IMfaEnrollmentStore
{
    /// <summary>The user's enrolment, or null when there is none.</summary>
    Task<MfaEnrollment?> GetAsync(Guid userId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Creates or replaces the user's enrolment: seed, times and recovery code hashes all become those given, so a
    /// re-enrolment never keeps an old code alive.
    /// </summary>
    /// <exception cref="DirectoryException">The user does not exist.</exception>
    Task SaveAsync(MfaEnrollment enrollment, CancellationToken cancellationToken = default);

    /// <summary>Marks the enrolment confirmed at <paramref name="confirmedAt"/>; false when the user has none.</summary>
    Task<bool> ConfirmAsync(Guid userId, DateTimeOffset confirmedAt, CancellationToken cancellationToken = default);

    /// <summary>
    /// Stores an unconfirmed enrolment (seed and creation time, no recovery codes), replacing an unconfirmed one but
    /// never a confirmed one, atomically: a set-up begun in one sign-in can never overwrite an enrolment another has
    /// just completed.
    /// </summary>
    /// <returns>False when the user already has a confirmed enrolment.</returns>
    /// <exception cref="DirectoryException">The user does not exist.</exception>
    Task<bool> SavePendingAsync(MfaEnrollment pending, CancellationToken cancellationToken = default);

    /// <summary>
    /// Confirms an unconfirmed enrolment if, and only if, its stored seed is still <paramref name="pendingSeed"/> (the one
    /// the user's code was checked against): one compare-and-set that also stores the re-protected seed and the recovery
    /// code hashes. So an enrolment begun or completed elsewhere in between is never overwritten or confirmed by mistake.
    /// </summary>
    /// <returns>False when the enrolment is gone, already confirmed, or its seed has changed.</returns>
    Task<bool> ConfirmPendingAsync(Guid userId, string pendingSeed, string confirmedSeed, IReadOnlyList<string> codeHashes,
        DateTimeOffset confirmedAt, CancellationToken cancellationToken = default);

    /// <summary>Replaces every recovery code hash at once; false when the user has no enrolment.</summary>
    Task<bool> ReplaceRecoveryCodesAsync(Guid userId, IReadOnlyList<string> codeHashes, CancellationToken cancellationToken = default);

    /// <summary>
    /// Removes one used recovery code by its stored hash (as matched by <see cref="RecoveryCodes.Verify"/>). True only
    /// for the caller that actually removed it, so two concurrent sign-ins cannot both spend the same code. By hash
    /// rather than by position, because positions shift when another code is removed in between.
    /// </summary>
    Task<bool> RemoveRecoveryCodeAsync(Guid userId, string codeHash, CancellationToken cancellationToken = default);

    /// <summary>
    /// The seed of the most recently confirmed enrolment (recovery codes not loaded), or null when nobody is enrolled:
    /// a sample for the readiness check that the key ring can still decrypt stored seeds.
    /// </summary>
    Task<MfaEnrollment?> GetLatestConfirmedAsync(CancellationToken cancellationToken = default);

    /// <summary>Deletes the enrolment and its recovery codes; false when there was none.</summary>
    Task<bool> DeleteAsync(Guid userId, CancellationToken cancellationToken = default);
}

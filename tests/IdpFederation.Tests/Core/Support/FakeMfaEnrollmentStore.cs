using IdpFederation.Core.Directory;
using IdpFederation.Core.Mfa;

namespace IdpFederation.Tests.CoreLayer;

/// <summary>
/// An in-memory <see cref="IMfaEnrollmentStore"/> that keeps the real store's contract: SaveAsync replaces the whole
/// enrolment (recovery codes included) and refuses unknown users when told how to recognise them; the other writes
/// return false when there is no enrolment; RemoveRecoveryCodeAsync is atomic, so of two concurrent callers spending
/// one code only one sees true. Instants come back in UTC, as the database returns them. Counts reads so tests can
/// tell whether an enrolment was looked up at all.
/// </summary>
public sealed class FakeMfaEnrollmentStore : IMfaEnrollmentStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<Guid, MfaEnrollment> _enrollments = [];
    private readonly Func<Guid, bool>? _userExists;
    private int _getCalls;

    /// <param name="userExists">When given, SaveAsync throws <see cref="DirectoryException"/> for users it says do not exist.</param>
    public FakeMfaEnrollmentStore(Func<Guid, bool>? userExists = null) => _userExists = userExists;

    /// <summary>Calls to <see cref="GetAsync"/>, found or not.</summary>
    public int GetCalls => Volatile.Read(ref _getCalls);

    /// <summary>The stored enrolment without counting a read (for assertions).</summary>
    public MfaEnrollment? Peek(Guid userId)
    {
        lock (_gate)
        {
            return _enrollments.TryGetValue(userId, out var enrollment) ? Copy(enrollment) : null;
        }
    }

    /// <summary>Stores an enrolment as given, bypassing the user check (a row "written elsewhere", e.g. tampered with).</summary>
    public void Put(MfaEnrollment enrollment)
    {
        ArgumentNullException.ThrowIfNull(enrollment);
        lock (_gate)
        {
            _enrollments[enrollment.UserId] = Copy(enrollment);
        }
    }

    public Task<MfaEnrollment?> GetLatestConfirmedAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var latest = _enrollments.Values.Where(e => e.IsConfirmed).OrderByDescending(e => e.ConfirmedAt).FirstOrDefault();
            return Task.FromResult(latest is null ? null : latest with { RecoveryCodeHashes = [] });
        }
    }

    public Task<MfaEnrollment?> GetAsync(Guid userId, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _getCalls);
        return Task.FromResult(Peek(userId));
    }

    public Task SaveAsync(MfaEnrollment enrollment, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(enrollment);
        ArgumentException.ThrowIfNullOrWhiteSpace(enrollment.ProtectedSeed);
        RequireHashes(enrollment.RecoveryCodeHashes);
        if (_userExists is not null && !_userExists(enrollment.UserId))
        {
            throw new DirectoryException(DirectoryError.UserNotFound, $"User {enrollment.UserId} does not exist.");
        }

        lock (_gate)
        {
            _enrollments[enrollment.UserId] = Copy(enrollment);
        }

        return Task.CompletedTask;
    }

    /// <summary>Runs just before <see cref="ConfirmPendingAsync"/> compares, to stage a write landing in between.</summary>
    public Func<Task>? BeforeConfirmPending { get; set; }

    /// <summary>Runs just before <see cref="SavePendingAsync"/> writes, to stage a confirmation landing in between.</summary>
    public Func<Task>? BeforeSavePending { get; set; }

    public async Task<bool> SavePendingAsync(MfaEnrollment pending, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pending);
        if (BeforeSavePending is { } before)
        {
            BeforeSavePending = null;
            await before();
        }

        return SavePendingNow(pending);
    }

    private bool SavePendingNow(MfaEnrollment pending)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(pending.ProtectedSeed);
        if (_userExists is not null && !_userExists(pending.UserId))
        {
            throw new DirectoryException(DirectoryError.UserNotFound, $"User {pending.UserId} does not exist.");
        }

        lock (_gate)
        {
            if (_enrollments.TryGetValue(pending.UserId, out var existing) && existing.IsConfirmed)
            {
                return false;
            }

            _enrollments[pending.UserId] = Copy(pending with { ConfirmedAt = null, RecoveryCodeHashes = existing?.RecoveryCodeHashes ?? [] });
            return true;
        }
    }

    public async Task<bool> ConfirmPendingAsync(Guid userId, string pendingSeed, string confirmedSeed, IReadOnlyList<string> codeHashes,
        DateTimeOffset confirmedAt, CancellationToken cancellationToken = default)
    {
        if (BeforeConfirmPending is { } before)
        {
            BeforeConfirmPending = null;
            await before();
        }

        lock (_gate)
        {
            if (!_enrollments.TryGetValue(userId, out var enrollment) || enrollment.IsConfirmed || enrollment.ProtectedSeed != pendingSeed)
            {
                return false;
            }

            _enrollments[userId] = enrollment with { ProtectedSeed = confirmedSeed, ConfirmedAt = confirmedAt.ToUniversalTime(), RecoveryCodeHashes = codeHashes.ToArray() };
            return true;
        }
    }

    public Task<bool> ConfirmAsync(Guid userId, DateTimeOffset confirmedAt, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (!_enrollments.TryGetValue(userId, out var enrollment))
            {
                return Task.FromResult(false);
            }

            _enrollments[userId] = enrollment with { ConfirmedAt = confirmedAt.ToUniversalTime() };
            return Task.FromResult(true);
        }
    }

    public Task<bool> ReplaceRecoveryCodesAsync(Guid userId, IReadOnlyList<string> codeHashes, CancellationToken cancellationToken = default)
    {
        var hashes = RequireHashes(codeHashes);
        lock (_gate)
        {
            if (!_enrollments.TryGetValue(userId, out var enrollment))
            {
                return Task.FromResult(false);
            }

            _enrollments[userId] = enrollment with { RecoveryCodeHashes = hashes };
            return Task.FromResult(true);
        }
    }

    public Task<bool> RemoveRecoveryCodeAsync(Guid userId, string codeHash, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(codeHash);
        lock (_gate)
        {
            // Like the real store's single DELETE: the check and the removal are one step.
            if (!_enrollments.TryGetValue(userId, out var enrollment) || !enrollment.RecoveryCodeHashes.Contains(codeHash, StringComparer.Ordinal))
            {
                return Task.FromResult(false);
            }

            _enrollments[userId] = enrollment with { RecoveryCodeHashes = enrollment.RecoveryCodeHashes.Where(h => !string.Equals(h, codeHash, StringComparison.Ordinal)).ToArray() };
            return Task.FromResult(true);
        }
    }

    public Task<bool> DeleteAsync(Guid userId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult(_enrollments.Remove(userId));
        }
    }

    private static string[] RequireHashes(IReadOnlyList<string> hashes)
    {
        ArgumentNullException.ThrowIfNull(hashes);
        foreach (var hash in hashes)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(hash, nameof(hashes));
        }

        return [.. hashes];
    }

    // Callers get their own copy, so mutating a list they passed or received cannot change what is stored.
    private static MfaEnrollment Copy(MfaEnrollment enrollment) => enrollment with
    {
        CreatedAt = enrollment.CreatedAt.ToUniversalTime(),
        ConfirmedAt = enrollment.ConfirmedAt?.ToUniversalTime(),
        RecoveryCodeHashes = [.. enrollment.RecoveryCodeHashes],
    };
}

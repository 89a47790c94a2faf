using System.Net;
using IdpFederation.Core.Configuration;
using IdpFederation.Core.Directory;
using IdpFederation.Core.Domains;
using IdpFederation.Core.Lockout;
using IdpFederation.Core.Passwords;
using IdpFederation.Core.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IdpFederation.Core.Authentication;

/// <summary>Checks a typed username and password against the directory.</summary>
public sealed partial class PasswordAuthenticator
{
    private readonly IUserDirectory _directory;
    private readonly IPasswordHasher _hasher;
    private readonly FederatedDomainCatalog _domains;
    private readonly ILogger<PasswordAuthenticator> _logger;
    private Decoy? _decoy;

    private readonly IOptionsMonitor<IdpOptions> _options;
    private readonly SmartLockout _lockout;
    private readonly PasswordHashingGate _gate;
    private readonly SignInMetrics _metrics;

    public PasswordAuthenticator(IUserDirectory directory, IPasswordHasher hasher, FederatedDomainCatalog domains,
        IOptionsMonitor<IdpOptions> options, SmartLockout lockout, PasswordHashingGate gate, ILogger<PasswordAuthenticator> logger,
        SignInMetrics? metrics = null)
    {
        _metrics = metrics ?? SignInMetrics.Unobserved;
        _lockout = lockout;
        _gate = gate;
        _directory = directory;
        _hasher = hasher;
        _domains = domains;
        _options = options;
        _logger = logger;
    }

    /// <summary>
    /// Unknown users are checked against a decoy hash so their failure takes as long as a wrong password (no user
    /// enumeration by timing). It follows the configured iteration count, which may change on reload.
    /// </summary>
    private string DecoyHash
    {
        get
        {
            var iterations = _options.CurrentValue.PasswordHashing.Iterations;
            if (_decoy is { } decoy && decoy.Iterations == iterations)
            {
                return decoy.Hash;
            }

            var hash = _hasher.Hash(Guid.NewGuid().ToString("N"));
            _decoy = new Decoy(iterations, hash);
            return hash;
        }
    }

    public async Task<PasswordAuthenticationResult> AuthenticateAsync(string username, string password, IPAddress? clientIp = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(username);
        ArgumentNullException.ThrowIfNull(password);
        var upn = _domains.ToUserPrincipalName(username);
        var attempt = await _lockout.ReserveAsync(upn, clientIp, cancellationToken).ConfigureAwait(false);
        if (attempt.Reason is not null)
        {
            // Blocked, or (log-only mode) would have been: the Reason says which, and the label only whether it was enforced.
            _metrics.RecordLockout("password", attempt.Blocked);
        }

        if (attempt.Blocked)
        {
            // No hash at all: a burst beyond the threshold costs nothing, and the answer is the wrong-password answer.
            // The time differs from a checked attempt, which tells a guesser that this user and path are locked but
            // nothing about whom: unknown usernames are counted and locked the same way (AD FS ESL also skips the
            // directory once locked).
            LogLockedOut(attempt.Reason!);
            return new PasswordAuthenticationResult(PasswordAuthenticationOutcome.InvalidCredentials, upn, null, attempt.Reason);
        }

        DirectoryUser? user;
        PasswordVerificationResult verification;
        try
        {
            user = upn.Length == 0 ? null : await _directory.FindByUpnAsync(upn, cancellationToken).ConfigureAwait(false);
            // Unknown users are checked against the decoy: same work, same answer, same time as a wrong password.
            var stored = user?.PasswordHash ?? DecoyHash;
            verification = await _gate.RunAsync(() => _hasher.Verify(stored, password), cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            // Not judged (busy, cancelled, directory down): the slots go back, so errors never lock anyone out.
            await attempt.ReleaseAsync(CancellationToken.None).ConfigureAwait(false);
            throw;
        }

        if (user?.PasswordHash is null || verification == PasswordVerificationResult.Failed)
        {
            await attempt.FailedAsync(CancellationToken.None).ConfigureAwait(false);
            return new PasswordAuthenticationResult(PasswordAuthenticationOutcome.InvalidCredentials, upn, null, attempt.Reason);
        }

        if (!user.Enabled)
        {
            // The right password is not a failure, but a disabled account must not make the address familiar either.
            await attempt.ReleaseAsync(CancellationToken.None).ConfigureAwait(false);
            return new PasswordAuthenticationResult(PasswordAuthenticationOutcome.AccountDisabled, user.UserPrincipalName, user);
        }

        // The re-hash of a password that just verified is not a new password: the policy does not apply to it.
        if (verification == PasswordVerificationResult.SuccessRehashNeeded
            && await _directory.RehashPasswordAsync(user.UserPrincipalName, user.PasswordHash, password, cancellationToken).ConfigureAwait(false))
        {
            LogRehashed(user.Id);
        }

        await attempt.SucceededAsync(CancellationToken.None).ConfigureAwait(false);
        return new PasswordAuthenticationResult(PasswordAuthenticationOutcome.Success, user.UserPrincipalName, user, attempt.Reason);
    }

    [LoggerMessage(EventId = 1102, Level = LogLevel.Warning, Message = "Password attempt refused by smart lockout: {Reason}")]
    private partial void LogLockedOut(string reason);

    [LoggerMessage(EventId = 1101, Level = LogLevel.Information, Message = "Password hash of user {UserId} upgraded to the configured parameters")]
    private partial void LogRehashed(Guid userId);

    private sealed record Decoy(int Iterations, string Hash);
}

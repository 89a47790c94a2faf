using IdpFederation.Core.Policies;

namespace IdpFederation.Core.Lockout;

/// <summary>
/// One password attempt's reserved lockout slots (see <see cref="SmartLockout.ReserveAsync"/>). End it with exactly
/// one call: <see cref="SucceededAsync"/>, <see cref="FailedAsync"/>, or <see cref="ReleaseAsync"/> when the password
/// was never judged (an error, a cancelled request, a disabled account).
/// </summary>
public sealed class PasswordAttempt
{
    private readonly SmartLockout? _owner;

    internal PasswordAttempt(SmartLockout owner, LockoutKeys keys, bool familiar, CompiledLockout settings)
    {
        _owner = owner;
        Keys = keys;
        Familiar = familiar;
        Settings = settings;
    }

    private PasswordAttempt()
    {
        Keys = null!;
        Settings = CompiledLockout.Default;
    }

    /// <summary>Lockout off: nothing is counted or blocked.</summary>
    internal static PasswordAttempt Untracked => new();

    /// <summary>Whether the password must not be checked at all.</summary>
    public bool Blocked { get; private set; }

    public bool Familiar { get; }

    /// <summary>Why the attempt is blocked, or (log-only mode) would have been; null when clear.</summary>
    public string? Reason { get; private set; }

    internal LockoutKeys Keys { get; }

    internal CompiledLockout Settings { get; }

    internal List<string> Reserved { get; } = [];

    /// <summary>Blocks the attempt; in log-only mode only notes the first reason it would have been blocked for.</summary>
    internal void Refuse(string reason)
    {
        if (Settings.Mode == LockoutMode.Enforce)
        {
            Blocked = true;
            Reason = reason;
        }
        else
        {
            Reason ??= "would block (log only): " + reason;
        }
    }

    public Task SucceededAsync(CancellationToken cancellationToken = default) =>
        _owner is null || Blocked ? Task.CompletedTask : _owner.SucceededAsync(this, cancellationToken);

    public Task FailedAsync(CancellationToken cancellationToken = default) =>
        _owner is null || Blocked ? Task.CompletedTask : _owner.FailedAsync(this, cancellationToken);

    public async Task ReleaseAsync(CancellationToken cancellationToken = default)
    {
        if (_owner is null || Reserved.Count == 0)
        {
            return;
        }

        var keys = Reserved.ToArray();
        Reserved.Clear();
        await _owner.ReleaseAsync(keys, cancellationToken).ConfigureAwait(false);
    }
}

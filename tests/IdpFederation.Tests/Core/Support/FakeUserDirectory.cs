using IdpFederation.Core.Directory;
using IdpFederation.Core.Passwords;

namespace IdpFederation.Tests.CoreLayer;

/// <summary>
/// An in-memory <see cref="IUserDirectory"/> with the real one's case-insensitive UPN look-up, and counters so tests
/// can tell a cache hit from a directory read.
/// </summary>
public sealed class FakeUserDirectory : IUserDirectory
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, DirectoryUser> _users = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, SortedSet<string>> _roles = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<string> _lookups = [];
    private readonly List<(string UserPrincipalName, string PasswordHash)> _passwordChanges = [];
    private IPasswordHasher? _hasher;
    private readonly TimeProvider _time;

    public FakeUserDirectory(IPasswordHasher? hasher = null, TimeProvider? time = null)
    {
        _hasher = hasher;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>Calls to <see cref="FindByUpnAsync"/>, found or not.</summary>
    public int FindCalls
    {
        get
        {
            lock (_gate)
            {
                return _lookups.Count;
            }
        }
    }

    /// <summary>The UPNs passed to <see cref="FindByUpnAsync"/>, in order, exactly as given.</summary>
    public IReadOnlyList<string> Lookups
    {
        get
        {
            lock (_gate)
            {
                return [.. _lookups];
            }
        }
    }

    public IReadOnlyList<(string UserPrincipalName, string PasswordHash)> PasswordChanges
    {
        get
        {
            lock (_gate)
            {
                return [.. _passwordChanges];
            }
        }
    }

    /// <summary>Stores (or replaces) a user directly, bypassing the create rules.</summary>
    public DirectoryUser Add(DirectoryUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        lock (_gate)
        {
            _users[user.UserPrincipalName] = user;
        }

        return user;
    }

    public DirectoryUser Add(string userPrincipalName, string? passwordHash = null, bool enabled = true, string? immutableId = null) =>
        Add(new DirectoryUser
        {
            Id = Guid.NewGuid(),
            UserPrincipalName = userPrincipalName,
            DisplayName = userPrincipalName.Split('@')[0],
            PasswordHash = passwordHash,
            ImmutableId = immutableId ?? ImmutableId.Generate(),
            Enabled = enabled,
            CreatedAt = _time.GetUtcNow(),
        });

    /// <summary>Whether a user with this ID is stored (what a foreign key to the users table would check).</summary>
    public bool Contains(Guid id)
    {
        lock (_gate)
        {
            return _users.Values.Any(u => u.Id == id);
        }
    }

    /// <summary>Replaces a stored user's record without going through the interface (a change "made elsewhere").</summary>
    public void Update(string userPrincipalName, Func<DirectoryUser, DirectoryUser> change)
    {
        ArgumentNullException.ThrowIfNull(change);
        lock (_gate)
        {
            _users[userPrincipalName] = change(_users[userPrincipalName]);
        }
    }

    public Task<DirectoryUser?> FindByUpnAsync(string userPrincipalName, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(userPrincipalName);
        lock (_gate)
        {
            _lookups.Add(userPrincipalName);
            return Task.FromResult(_users.TryGetValue(userPrincipalName.Trim(), out var user) ? WithRoles(user) : null);
        }
    }

    public Task<IReadOnlyList<DirectoryUser>> ListAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            IReadOnlyList<DirectoryUser> users = _users.Values.OrderBy(u => u.UserPrincipalName, StringComparer.OrdinalIgnoreCase).Select(WithRoles).ToArray();
            return Task.FromResult(users);
        }
    }

    public Task<DirectoryUser> CreateAsync(NewUser user, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (UserPrincipalNames.Validate(user.UserPrincipalName) is { } upnError)
        {
            throw new DirectoryException(DirectoryError.InvalidUserPrincipalName, upnError);
        }

        if (user.ImmutableId is not null && ImmutableId.Validate(user.ImmutableId) is { } idError)
        {
            throw new DirectoryException(DirectoryError.InvalidImmutableId, idError);
        }

        if (user.Password is not null && _hasher is null)
        {
            throw new InvalidOperationException("This fake directory was built without a password hasher.");
        }

        var created = new DirectoryUser
        {
            Id = Guid.NewGuid(),
            UserPrincipalName = user.UserPrincipalName,
            DisplayName = user.DisplayName,
            PasswordHash = user.Password is null ? null : _hasher!.Hash(user.Password),
            ImmutableId = user.ImmutableId ?? ImmutableId.Generate(),
            UsageLocation = user.UsageLocation,
            CreatedAt = _time.GetUtcNow(),
        };

        lock (_gate)
        {
            if (!_users.TryAdd(created.UserPrincipalName, created))
            {
                throw new DirectoryException(DirectoryError.DuplicateUser, $"User '{user.UserPrincipalName}' already exists.");
            }

            foreach (var role in user.Roles)
            {
                AddMember(role, created.UserPrincipalName);
            }

            return Task.FromResult(WithRoles(created));
        }
    }

    /// <summary>Hashes and stores without a password policy: the policy is the real directory's, tested there.</summary>
    public Task SetPasswordAsync(string userPrincipalName, string password, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(password);
        var hash = (_hasher ?? throw new InvalidOperationException("This fake directory was built without a password hasher.")).Hash(password);
        lock (_gate)
        {
            var user = Existing(userPrincipalName);
            _users[user.UserPrincipalName] = user with { PasswordHash = hash, NeedsOnboarding = false };
            _passwordChanges.Add((userPrincipalName, hash));
        }

        return Task.CompletedTask;
    }

    /// <summary>The hasher the server would share between directory and authenticator.</summary>
    public void UseHasher(IPasswordHasher hasher) => _hasher = hasher;

    /// <summary>Like the real directory: the same password only, replaced only while the stored hash is still the verified one.</summary>
    public Task<bool> RehashPasswordAsync(string userPrincipalName, string verifiedHash, string password, CancellationToken cancellationToken = default)
    {
        if (_hasher is null || _hasher.Verify(verifiedHash, password) == PasswordVerificationResult.Failed)
        {
            return Task.FromResult(false);
        }

        var upgradedHash = _hasher.Hash(password);
        lock (_gate)
        {
            if (!_users.TryGetValue(userPrincipalName, out var user) || user.PasswordHash != verifiedHash)
            {
                return Task.FromResult(false);
            }

            _users[user.UserPrincipalName] = user with { PasswordHash = upgradedHash };
            _passwordChanges.Add((userPrincipalName, upgradedHash));
        }

        return Task.FromResult(true);
    }

    public Task UpdateAsync(string userPrincipalName, UserUpdate update, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(update);
        lock (_gate)
        {
            var user = Existing(userPrincipalName);
            _users[user.UserPrincipalName] = user with
            {
                DisplayName = update.DisplayName is null ? user.DisplayName : update.DisplayName.Length == 0 ? null : update.DisplayName,
                UsageLocation = update.UsageLocation?.ToUpperInvariant() ?? user.UsageLocation,
            };
        }

        return Task.CompletedTask;
    }

    public Task SetEnabledAsync(string userPrincipalName, bool enabled, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var user = Existing(userPrincipalName);
            _users[user.UserPrincipalName] = user with { Enabled = enabled };
        }

        return Task.CompletedTask;
    }

    public Task DeleteAsync(string userPrincipalName, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var user = Existing(userPrincipalName);
            _users.Remove(user.UserPrincipalName);
            foreach (var members in _roles.Values)
            {
                members.Remove(user.UserPrincipalName);
            }
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<RoleInfo>> ListRolesAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            IReadOnlyList<RoleInfo> roles = _roles.OrderBy(r => r.Key, StringComparer.OrdinalIgnoreCase)
                .Select(r => new RoleInfo(r.Key, [.. r.Value]))
                .ToArray();
            return Task.FromResult(roles);
        }
    }

    public Task AddRoleMemberAsync(string role, string userPrincipalName, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            AddMember(role, Existing(userPrincipalName).UserPrincipalName);
        }

        return Task.CompletedTask;
    }

    public Task RemoveRoleMemberAsync(string role, string userPrincipalName, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (!_roles.TryGetValue(role, out var members))
            {
                throw new DirectoryException(DirectoryError.RoleNotFound, $"Role '{role}' does not exist.");
            }

            if (!members.Remove(Existing(userPrincipalName).UserPrincipalName))
            {
                throw new DirectoryException(DirectoryError.RoleMemberNotFound, $"User '{userPrincipalName}' is not in role '{role}'.");
            }
        }

        return Task.CompletedTask;
    }

    private DirectoryUser Existing(string userPrincipalName) =>
        _users.TryGetValue(userPrincipalName, out var user)
            ? user
            : throw new DirectoryException(DirectoryError.UserNotFound, $"User '{userPrincipalName}' does not exist.");

    private void AddMember(string role, string userPrincipalName)
    {
        if (!_roles.TryGetValue(role, out var members))
        {
            _roles[role] = members = new SortedSet<string>(StringComparer.OrdinalIgnoreCase);
        }

        members.Add(userPrincipalName);
    }

    private DirectoryUser WithRoles(DirectoryUser user) =>
        user with { Roles = _roles.Where(r => r.Value.Contains(user.UserPrincipalName)).Select(r => r.Key).Order(StringComparer.OrdinalIgnoreCase).ToArray() };
}

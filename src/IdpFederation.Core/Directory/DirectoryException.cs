namespace IdpFederation.Core.Directory;

/// <summary>A directory operation refused for a reason the caller can act on; the message is one line.</summary>
public sealed class DirectoryException : Exception
{
    public DirectoryException(DirectoryError error, string message) : base(message) => Error = error;

    public DirectoryException() { }

    public DirectoryException(string message) : base(message) { }

    public DirectoryException(string message, Exception innerException) : base(message, innerException) { }

    public DirectoryError Error { get; }
}

public enum DirectoryError
{
    Unknown = 0,
    DuplicateUser,
    UserNotFound,
    RoleNotFound,
    InvalidImmutableId,
    DomainNotFederated,
    InvalidUserPrincipalName,

    /// <summary>A display name, usage location or role name that cannot be stored.</summary>
    InvalidAttribute,

    /// <summary>The user is not a member of the role being removed from.</summary>
    RoleMemberNotFound,

    /// <summary>The password policy refused the password; the message names the rule.</summary>
    PasswordRejected,
}

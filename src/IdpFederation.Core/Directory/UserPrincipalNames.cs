namespace IdpFederation.Core.Directory;

/// <summary>Syntax rules Entra applies to userPrincipalName, checked before a user is stored.</summary>
public static class UserPrincipalNames
{
    // Entra: at most 64 characters before the '@', 48 after it, 113 in all.
    public const int MaxLocalPartLength = 64;
    public const int MaxDomainLength = 48;
    public const int MaxLength = 113;

    /// <summary>Upper-invariant form used for case-insensitive uniqueness and look-up.</summary>
    public static string Normalize(string userPrincipalName)
    {
        ArgumentNullException.ThrowIfNull(userPrincipalName);
        return userPrincipalName.Trim().ToUpperInvariant();
    }

    /// <summary>Returns why <paramref name="value"/> is not a valid UPN, or null when it is.</summary>
    public static string? Validate(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "User principal name must not be empty.";
        }

        if (value.Length > MaxLength)
        {
            return $"User principal name must be at most {MaxLength} characters.";
        }

        var at = value.IndexOf('@', StringComparison.Ordinal);
        if (at < 0 || at != value.LastIndexOf('@'))
        {
            return $"User principal name '{value}' must contain exactly one '@'.";
        }

        var local = value[..at];
        var domain = value[(at + 1)..];
        return ValidateLocalPart(value, local) ?? ValidateDomain(value, domain);
    }

    private static string? ValidateLocalPart(string upn, string local)
    {
        if (local.Length is 0 or > MaxLocalPartLength)
        {
            return $"User principal name '{upn}' must have 1 to {MaxLocalPartLength} characters before the '@'.";
        }

        // Entra permits A-Z a-z 0-9 ' . - _ ! # ^ ~ and no leading or trailing period.
        foreach (var c in local)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('\'' or '.' or '-' or '_' or '!' or '#' or '^' or '~'))
            {
                return $"User principal name '{upn}' contains '{c}', which Entra does not allow before the '@'.";
            }
        }

        if (local[0] == '.' || local[^1] == '.' || local.Contains("..", StringComparison.Ordinal))
        {
            return $"User principal name '{upn}' must not start or end with a period or contain two in a row.";
        }

        return null;
    }

    private static string? ValidateDomain(string upn, string domain)
    {
        if (domain.Length is 0 or > MaxDomainLength)
        {
            return $"User principal name '{upn}' must have 1 to {MaxDomainLength} characters after the '@'.";
        }

        foreach (var label in domain.Split('.'))
        {
            var valid = label.Length is > 0 and <= 63
                && label[0] != '-' && label[^1] != '-'
                && label.All(c => char.IsAsciiLetterOrDigit(c) || c == '-');
            if (!valid)
            {
                return $"User principal name '{upn}' has an invalid domain '{domain}'.";
            }
        }

        return null;
    }
}

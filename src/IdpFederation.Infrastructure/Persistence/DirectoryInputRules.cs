using IdpFederation.Core.Directory;
using IdpFederation.Core.Domains;

namespace IdpFederation.Infrastructure.Persistence;

/// <summary>Checks administrator input before it reaches the database, so every refusal carries a one-line reason.</summary>
internal static class DirectoryInputRules
{
    public static string RequireFederatedUpn(string? userPrincipalName, FederatedDomainCatalog domains)
    {
        var upn = userPrincipalName?.Trim() ?? "";
        if (UserPrincipalNames.Validate(upn) is { } problem)
        {
            throw new DirectoryException(DirectoryError.InvalidUserPrincipalName, problem);
        }

        // Entra only sends users of federated domains here; a user outside them could never sign in.
        if (domains.FindForUserPrincipalName(upn) is null)
        {
            var domain = upn[(upn.LastIndexOf('@') + 1)..];
            throw new DirectoryException(
                DirectoryError.DomainNotFederated,
                $"Domain '{domain}' of '{upn}' is not one of the configured federated domains (Idp:Domains).");
        }

        return upn;
    }

    public static string RequireImmutableId(string? immutableId)
    {
        if (immutableId is null)
        {
            return ImmutableId.Generate();
        }

        if (ImmutableId.Validate(immutableId) is { } problem)
        {
            throw new DirectoryException(DirectoryError.InvalidImmutableId, problem);
        }

        return immutableId;
    }

    public static string? NormalizeDisplayName(string? displayName)
    {
        var trimmed = displayName?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            return null;
        }

        if (trimmed.Length > ColumnLimits.DisplayName || trimmed.Any(char.IsControl))
        {
            throw new DirectoryException(
                DirectoryError.InvalidAttribute,
                $"Display name must be at most {ColumnLimits.DisplayName} characters without control characters.");
        }

        return trimmed;
    }

    /// <summary>ISO 3166-1 alpha-2, stored upper-case as Microsoft 365 licensing expects.</summary>
    public static string? NormalizeUsageLocation(string? usageLocation)
    {
        var trimmed = usageLocation?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            return null;
        }

        if (trimmed.Length != 2 || !trimmed.All(char.IsAsciiLetter))
        {
            throw new DirectoryException(
                DirectoryError.InvalidAttribute,
                $"Usage location '{trimmed}' must be a two-letter ISO 3166-1 country code such as US or DE.");
        }

        return trimmed.ToUpperInvariant();
    }

    /// <summary>
    /// Role names end up in claims, command lines and Microsoft 365 group names: letters, digits, single inner spaces
    /// ("Microsoft 365 Users", as directory groups are usually named), '.', '-' and '_'.
    /// </summary>
    public static string RequireRoleName(string? role)
    {
        var trimmed = role?.Trim() ?? "";
        var valid = trimmed.Length is > 0 and <= ColumnLimits.RoleName
            && trimmed.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' or ' ')
            && !trimmed.Contains("  ", StringComparison.Ordinal);
        if (!valid)
        {
            throw new DirectoryException(
                DirectoryError.InvalidAttribute,
                $"Role name '{trimmed}' must be 1 to {ColumnLimits.RoleName} characters of letters, digits, single spaces, '.', '-' or '_'.");
        }

        return trimmed;
    }
}

using IdpFederation.Core.Configuration;
using IdpFederation.Core.Passwords;
using IdpFederation.Infrastructure.Configuration;

namespace IdpFederation.Infrastructure.Passwords;

/// <summary>The built-in banned-password list plus the administrator's Idp:PasswordPolicy:BannedPasswordsFile, if any.</summary>
public static class BannedPasswordFile
{
    /// <summary>
    /// Reads the configured file (relative to the config directory) and adds its entries to the built-in list. A file
    /// that is named but missing or unreadable throws <see cref="InvalidDataException"/> naming the setting: silently
    /// running without the passwords an administrator meant to ban would be worse than not starting.
    /// </summary>
    public static BannedPasswordList Load(PasswordPolicyOptions options, IdpPaths paths)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(paths);
        if (string.IsNullOrWhiteSpace(options.BannedPasswordsFile))
        {
            return BannedPasswordList.BuiltIn;
        }

        var path = paths.ResolveConfigPath(options.BannedPasswordsFile);
        if (!File.Exists(path))
        {
            throw new InvalidDataException($"Idp:PasswordPolicy:BannedPasswordsFile: '{path}' does not exist.");
        }

        try
        {
            using var reader = new StreamReader(path);
            return BannedPasswordList.BuiltIn.With(BannedPasswordList.ReadEntries(reader));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new InvalidDataException($"Idp:PasswordPolicy:BannedPasswordsFile: '{path}' cannot be read: {ex.Message}", ex);
        }
    }
}

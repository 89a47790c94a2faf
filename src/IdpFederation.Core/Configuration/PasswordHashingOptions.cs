namespace IdpFederation.Core.Configuration;

public sealed class PasswordHashingOptions
{
    /// <summary>OWASP's 2023 figure for PBKDF2-HMAC-SHA512. Raising it re-hashes each user at their next sign-in.</summary>
    public int Iterations { get; set; } = 210_000;
}

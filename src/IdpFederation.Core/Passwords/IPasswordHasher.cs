namespace IdpFederation.Core.Passwords;

public interface IPasswordHasher
{
    /// <summary>Returns a self-describing string that carries algorithm, iterations, salt and hash.</summary>
    string Hash(string password);

    PasswordVerificationResult Verify(string passwordHash, string password);
}

public enum PasswordVerificationResult
{
    Failed = 0,
    Success,

    /// <summary>Correct, but stored with weaker parameters than configured: re-hash and store.</summary>
    SuccessRehashNeeded,
}

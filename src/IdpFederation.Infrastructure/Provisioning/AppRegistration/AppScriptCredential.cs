using System.Security.Cryptography.X509Certificates;

namespace IdpFederation.Infrastructure.Provisioning.AppRegistration;

/// <summary>How the app will prove who it is: our certificate's public part, uploaded now, or a secret Entra makes
/// when the script runs (so no secret is ever in the script).</summary>
public abstract record AppScriptCredential
{
    private AppScriptCredential()
    {
    }

    public sealed record Certificate(X509Certificate2 Value, string SourcePath) : AppScriptCredential;

    /// <param name="SecretFile">Where the script writes the secret Entra returns, for Idp:...:ClientSecretFile.</param>
    public sealed record Secret(string SecretFile) : AppScriptCredential;
}

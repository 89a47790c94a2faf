using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.WebUtilities;

namespace IdpFederation.Core.Mfa;

/// <summary>
/// Encrypts TOTP seeds at rest with ASP.NET Data Protection (authenticated encryption under the shared key ring).
/// The user's immutable id is a sub-purpose, so a protected seed copied onto another user's row cannot be unprotected
/// there: whoever can write the table still cannot give themselves someone else's authenticator.
/// </summary>
public sealed class MfaSecretProtector
{
    /// <summary>Versioned, so a future change of format gets a new purpose rather than a reinterpretation.</summary>
    public const string Purpose = "IdpFederation.Mfa.TotpSeed.v1";

    private readonly IDataProtector _root;

    public MfaSecretProtector(IDataProtectionProvider provider)
    {
        ArgumentNullException.ThrowIfNull(provider);
        _root = provider.CreateProtector(Purpose);
    }

    /// <param name="userId">An identifier that never changes for the user (DirectoryUser.Id or its ImmutableId).</param>
    /// <returns>Base64url text safe to store; it reveals nothing of the seed.</returns>
    public string Protect(string userId, TotpSecret secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        var plain = secret.ToArray();
        try
        {
            return WebEncoders.Base64UrlEncode(For(userId).Protect(plain));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plain);
        }
    }

    /// <exception cref="CryptographicException">
    /// The text was protected for another user or purpose, was altered, or its key has been revoked or lost.
    /// </exception>
    public TotpSecret Unprotect(string userId, string protectedSecret)
    {
        ArgumentNullException.ThrowIfNull(protectedSecret);
        byte[] cipher;
        try
        {
            cipher = WebEncoders.Base64UrlDecode(protectedSecret);
        }
        catch (FormatException ex)
        {
            throw new CryptographicException("The protected TOTP seed is not valid base64url.", ex);
        }

        var plain = For(userId).Unprotect(cipher);
        try
        {
            return TotpSecret.FromBytes(plain);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plain);
        }
    }

    /// <summary>As <see cref="Unprotect"/>, but false instead of an exception, for callers that treat it as "no enrolment".</summary>
    public bool TryUnprotect(string userId, string protectedSecret, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out TotpSecret? secret)
    {
        try
        {
            secret = Unprotect(userId, protectedSecret);
            return true;
        }
        catch (CryptographicException)
        {
            secret = null;
            return false;
        }
    }

    private IDataProtector For(string userId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(userId);
        return _root.CreateProtector(userId);
    }
}

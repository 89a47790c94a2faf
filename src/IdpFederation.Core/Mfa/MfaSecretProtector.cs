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

    /// <summary>
    /// The id of the Data Protection key that protected <paramref name="protectedSecret"/>, read from the payload's
    /// clear header without decrypting anything. Every Data Protection payload begins with the 32-bit magic header
    /// 09 F0 C9 F0 (big-endian) and the 128-bit key id (ASP.NET Core docs, "Authenticated encryption details").
    /// </summary>
    public static bool TryGetKeyId(string protectedSecret, out Guid keyId)
    {
        keyId = Guid.Empty;
        // 20 header bytes take 27 base64url characters; 28 decode cleanly without touching the rest of the payload.
        const int HeaderChars = 28;
        if (protectedSecret is null || protectedSecret.Length < HeaderChars)
        {
            return false;
        }

        byte[] header;
        try
        {
            header = WebEncoders.Base64UrlDecode(protectedSecret, 0, HeaderChars);
        }
        catch (FormatException)
        {
            return false;
        }

        if (System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(header) != MagicHeaderV0)
        {
            return false;
        }

        keyId = new Guid(header.AsSpan(sizeof(uint), 16));
        return true;
    }

    private const uint MagicHeaderV0 = 0x09F0C9F0;

    private IDataProtector For(string userId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(userId);
        return _root.CreateProtector(userId);
    }
}

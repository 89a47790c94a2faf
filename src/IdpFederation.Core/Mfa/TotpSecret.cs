using System.Globalization;
using System.Security.Cryptography;

namespace IdpFederation.Core.Mfa;

/// <summary>
/// A TOTP seed: 160 random bits (RFC 4226 §4 recommends 160; it is also SHA-1's block-friendly key length), shown
/// once to the user as base32 and as a Google Authenticator key URI for the QR code, then kept only encrypted
/// (<see cref="MfaSecretProtector"/>). <see cref="ToString"/> is redacted so a seed never reaches a log by accident.
/// </summary>
public sealed class TotpSecret
{
    /// <summary>160 bits.</summary>
    public const int SizeInBytes = 20;

    private readonly byte[] _bytes;

    private TotpSecret(byte[] bytes) => _bytes = bytes;

    /// <summary>A new seed from the operating system's CSPRNG.</summary>
    public static TotpSecret Generate() => new(RandomNumberGenerator.GetBytes(SizeInBytes));

    /// <summary>Wraps an existing seed (after unprotecting it); the bytes are copied.</summary>
    public static TotpSecret FromBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < 16)
        {
            // RFC 4226 §4 R6: the shared secret MUST be at least 128 bits.
            throw new ArgumentException("A TOTP seed must be at least 128 bits.", nameof(bytes));
        }

        return new TotpSecret(bytes.ToArray());
    }

    /// <summary>
    /// RFC 4648 §6 base32 without padding: what a user types into an authenticator app, and what the key URI carries
    /// (Google Authenticator's key URI format omits the '=' padding).
    /// </summary>
    public string Base32 => OtpNet.Base32Encoding.ToString(_bytes).TrimEnd('=');

    /// <summary>The base32 in groups of four ("ABCD EFGH ..."), easier to copy by hand; apps ignore the spaces.</summary>
    public string Base32ForDisplay => string.Join(' ', Base32.Chunk(4).Select(c => new string(c)));

    /// <summary>A copy of the raw seed; the caller owns it.</summary>
    public byte[] ToArray() => _bytes.ToArray();

    /// <summary>The RFC 6238 generator for this seed with the defaults every authenticator app supports.</summary>
    public Totp ToTotp() => new(_bytes);

    /// <summary>
    /// The key URI for the enrolment QR code, in Google Authenticator's format:
    /// <c>otpauth://totp/{issuer}:{account}?secret=…&amp;issuer=…&amp;algorithm=SHA1&amp;digits=6&amp;period=30</c>.
    /// Issuer and account are percent-encoded separately (RFC 3986 unreserved characters only), and the issuer is also
    /// given as a parameter because apps prefer the parameter over the label prefix.
    /// </summary>
    public string ToKeyUri(string issuer, string account)
    {
        // The format separates issuer and account with a colon, so neither may contain one (even encoded, some apps
        // decode before splitting).
        ArgumentException.ThrowIfNullOrWhiteSpace(issuer);
        ArgumentException.ThrowIfNullOrWhiteSpace(account);
        if (issuer.Contains(':', StringComparison.Ordinal))
        {
            throw new ArgumentException("The issuer of a TOTP key URI cannot contain ':'.", nameof(issuer));
        }

        if (account.Contains(':', StringComparison.Ordinal))
        {
            throw new ArgumentException("The account of a TOTP key URI cannot contain ':'.", nameof(account));
        }

        var encodedIssuer = Uri.EscapeDataString(issuer.Trim());
        var encodedAccount = Uri.EscapeDataString(account.Trim());
        return string.Create(CultureInfo.InvariantCulture,
            $"otpauth://totp/{encodedIssuer}:{encodedAccount}?secret={Base32}&issuer={encodedIssuer}&algorithm=SHA1&digits=6&period=30");
    }

    public override string ToString() => "TotpSecret(redacted)";
}

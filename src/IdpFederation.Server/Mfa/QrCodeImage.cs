using System.Text;
using QRCoder;

namespace IdpFederation.Server.Mfa;

/// <summary>
/// Renders the enrolment QR code (an <c>otpauth://</c> URI carrying the TOTP secret) as an inline
/// <c>data:</c> URI for the page's <c>&lt;img&gt;</c>. Inline rather than an image endpoint because the secret must never
/// be served from its own URL, which browsers, proxies and history could cache or replay after enrolment; the page
/// itself is already no-store, and the CSP allows <c>img-src data:</c>. PNG bytes come from QRCoder's
/// <see cref="PngByteQRCode"/>, which writes the file itself, so there is no System.Drawing (Windows-only) underneath.
/// ECC level M survives a glare spot or a scratched screen without making the code much denser; the quiet zone and
/// 5 pixels per module keep it scannable by a phone held at arm's length while a typical key URI (57 modules with the
/// quiet zone, 285 px) still fits the sign-in card at its natural size, so every module is the same whole number of pixels.
/// </summary>
public static class QrCodeImage
{
    /// <summary>Longest text accepted, in characters and in UTF-8 bytes; fits a QR code at ECC level M with room to spare.</summary>
    public const int MaxLength = 1024;

    private const int PixelsPerModule = 5;

    public static string ToPngDataUri(string text)
    {
        if (string.IsNullOrEmpty(text))
        {
            throw new ArgumentException("QR code text must not be empty.", nameof(text));
        }

        // The byte check matters only for non-ASCII text: QR byte mode stores UTF-8, up to three bytes per character.
        if (text.Length > MaxLength || Encoding.UTF8.GetByteCount(text) > MaxLength)
        {
            throw new ArgumentException($"QR code text must be at most {MaxLength} characters (UTF-8 bytes).", nameof(text));
        }

        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.M);
        using var png = new PngByteQRCode(data);
        return "data:image/png;base64," + Convert.ToBase64String(png.GetGraphic(PixelsPerModule, drawQuietZones: true));
    }
}

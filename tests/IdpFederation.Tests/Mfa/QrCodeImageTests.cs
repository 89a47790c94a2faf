using IdpFederation.Server.Mfa;

namespace IdpFederation.Tests.Mfa;

/// <summary>
/// The QR code is checked by zbarimg (ZBar), a decoder that shares no code with QRCoder: if it reads back exactly the
/// URI we rendered, an authenticator app's scanner will too.
/// </summary>
[Trait("Kind", "Integration")]
public sealed class QrCodeImageTests
{
    private const string DataUriPrefix = "data:image/png;base64,";
    private static readonly byte[] PngSignature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    private const string EnrolmentUri =
        "otpauth://totp/Contoso%20Ltd:alice%40contoso.com?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP" +
        "&issuer=Contoso%20Ltd&algorithm=SHA1&digits=6&period=30";

    [Fact]
    public void Zbarimg_decodes_a_realistic_enrolment_uri_exactly()
    {
        Assert.Equal(EnrolmentUri, DecodeWithZbarimg(QrCodeImage.ToPngDataUri(EnrolmentUri)));
    }

    [Fact]
    public void Zbarimg_decodes_an_enrolment_uri_with_a_long_upn_exactly()
    {
        // 64-character local part (the RFC 5321 maximum) at a deep subdomain, with a SHA-512 secret (64 bytes, 104 Base32 chars).
        var upn = new string('a', 30) + ".firstname-lastname." + new string('z', 14) + "@engineering.emea.subsidiary.contoso-holdings.example.com";
        var secret = string.Concat(Enumerable.Repeat("JBSWY3DPEHPK3PXP", 6)) + "JBSWY3DP";
        var uri = $"otpauth://totp/Contoso%20Holdings%20International:{Uri.EscapeDataString(upn)}?secret={secret}" +
                  "&issuer=Contoso%20Holdings%20International&algorithm=SHA512&digits=8&period=30";
        Assert.Equal(64, upn.IndexOf('@', StringComparison.Ordinal));

        Assert.Equal(uri, DecodeWithZbarimg(QrCodeImage.ToPngDataUri(uri)));
    }

    [Fact]
    public void Zbarimg_decodes_text_of_the_maximum_length_exactly()
    {
        var text = "otpauth://totp/x?secret=" + new string('A', QrCodeImage.MaxLength - 24);
        Assert.Equal(QrCodeImage.MaxLength, text.Length);

        Assert.Equal(text, DecodeWithZbarimg(QrCodeImage.ToPngDataUri(text)));
    }

    [Fact]
    public void Data_uri_holds_a_png_file()
    {
        var dataUri = QrCodeImage.ToPngDataUri(EnrolmentUri);

        Assert.StartsWith(DataUriPrefix, dataUri, StringComparison.Ordinal);
        var png = Convert.FromBase64String(dataUri[DataUriPrefix.Length..]);
        Assert.Equal(PngSignature, png.Take(PngSignature.Length));
    }

    [Fact]
    public void Null_and_empty_text_are_refused()
    {
        Assert.Throws<ArgumentException>("text", () => QrCodeImage.ToPngDataUri(null!));
        Assert.Throws<ArgumentException>("text", () => QrCodeImage.ToPngDataUri(""));
    }

    [Fact]
    public void Text_longer_than_the_maximum_is_refused()
    {
        Assert.Throws<ArgumentException>("text", () => QrCodeImage.ToPngDataUri(new string('A', QrCodeImage.MaxLength + 1)));
    }

    [Fact]
    public void Non_ascii_text_is_limited_by_its_utf8_length()
    {
        // 400 characters but 1,200 UTF-8 bytes.
        Assert.Throws<ArgumentException>("text", () => QrCodeImage.ToPngDataUri(new string('€', 400)));
    }

    private static string DecodeWithZbarimg(string dataUri)
    {
        Assert.StartsWith(DataUriPrefix, dataUri, StringComparison.Ordinal);
        return Zbarimg.DecodeBytes(Convert.FromBase64String(dataUri[DataUriPrefix.Length..]));
    }
}

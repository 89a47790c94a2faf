using System.Diagnostics;

namespace IdpFederation.Tests.Mfa;

/// <summary>
/// Reads QR codes with zbarimg (ZBar), a decoder that shares no code with QRCoder: if it reads back exactly the text
/// we encoded, a phone's camera app can too. Command line: <c>zbarimg --raw -q file.png</c>.
/// </summary>
internal static class Zbarimg
{
    private static readonly string[] Candidates = ["/usr/bin/zbarimg", "/usr/local/bin/zbarimg"];

    /// <summary>The one QR code's text in a PNG image (a rendered code or a whole-page screenshot).</summary>
    public static string DecodeFile(string pngPath)
    {
        var executable = Candidates.FirstOrDefault(File.Exists);
        if (executable is null)
        {
            // Deliberately a failure, not a skip: without a second decoder nothing shows the QR code is readable.
            Assert.Fail("zbarimg not found: install zbar-tools (scripts/test.sh does)");
        }

        var start = new ProcessStartInfo(executable!) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "--raw", "-q", pngPath })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(30)))
        {
            process.Kill();
            Assert.Fail("zbarimg did not finish within 30 seconds.");
        }

        var output = stdout.GetAwaiter().GetResult();
        Assert.True(process.ExitCode == 0,
            $"zbarimg found no QR code in {pngPath}: exit {process.ExitCode} (4 = no symbol found): {stderr.GetAwaiter().GetResult()}");

        // --raw prints each symbol's data followed by a newline; exactly one symbol is expected.
        Assert.EndsWith("\n", output, StringComparison.Ordinal);
        return output[..^1];
    }

    /// <summary>As <see cref="DecodeFile"/>, for PNG bytes (from a data: URI).</summary>
    public static string DecodeBytes(byte[] png)
    {
        var directory = System.IO.Directory.CreateTempSubdirectory("idpfed-zbarimg-");
        try
        {
            var pngPath = Path.Combine(directory.FullName, "qr.png");
            File.WriteAllBytes(pngPath, png);
            return DecodeFile(pngPath);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}

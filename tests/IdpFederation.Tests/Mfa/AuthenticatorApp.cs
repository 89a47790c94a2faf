using System.Diagnostics;
using System.Globalization;
using IdpFederation.Tests.Server;

namespace IdpFederation.Tests.Mfa;

/// <summary>
/// Plays the user's authenticator app: codes come from oathtool (liboath), an RFC 6238 implementation nobody on this
/// team wrote, so an end-to-end pass also proves our TOTP agrees with the outside world.
/// </summary>
internal sealed class AuthenticatorApp
{
    private const int Step = 30;

    public AuthenticatorApp(string base32Secret) => Secret = base32Secret.Replace(" ", "", StringComparison.Ordinal);

    public string Secret { get; }

    /// <summary>The app as set up by typing the key shown on the enrolment page.</summary>
    public static AuthenticatorApp FromEnrollmentPage(Page page)
    {
        ArgumentNullException.ThrowIfNull(page);
        var secret = page.Text("#secret") ?? throw new InvalidOperationException("No #secret on the enrolment page:\n" + page.Html);
        return new AuthenticatorApp(secret);
    }

    /// <summary>
    /// The code for the current time step plus <paramref name="stepOffset"/> (the server accepts -1..+1). Close to the
    /// end of a step it first waits for the next one, so the offset still holds when the server checks the code.
    /// </summary>
    public async Task<string> CodeAsync(int stepOffset = 0)
    {
        // The previous step's code stays valid only until the current step ends, so it gets a wider margin.
        var margin = stepOffset < 0 ? 15 : 5;
        var into = DateTimeOffset.UtcNow.ToUnixTimeSeconds() % Step;
        if (into >= Step - margin)
        {
            await Task.Delay(TimeSpan.FromSeconds(Step - into) + TimeSpan.FromMilliseconds(300));
        }

        return CodeAt(DateTimeOffset.UtcNow.ToUnixTimeSeconds() + (long)stepOffset * Step);
    }

    /// <summary>Six digits that are not the code for any step the server would accept now.</summary>
    public string WrongCode()
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var valid = new[] { -2, -1, 0, 1, 2 }.Select(o => CodeAt(now + (long)o * Step)).ToHashSet();
        var candidate = int.Parse(CodeAt(now), CultureInfo.InvariantCulture);
        string wrong;
        do
        {
            candidate = (candidate + 314_159) % 1_000_000;
            wrong = candidate.ToString("D6", CultureInfo.InvariantCulture);
        }
        while (valid.Contains(wrong));
        return wrong;
    }

    public string CodeAt(long unixSeconds)
    {
        var start = new ProcessStartInfo("oathtool") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "--totp", "--base32", "--now=@" + unixSeconds.ToString(CultureInfo.InvariantCulture), Secret })
        {
            start.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException("oathtool not found: install the oathtool package (scripts/test.sh does).", ex);
        }

        using (process)
        {
            var output = process.StandardOutput.ReadToEnd().Trim();
            var error = process.StandardError.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0 || output.Length != 6)
            {
                throw new InvalidOperationException($"oathtool failed ({process.ExitCode}): {output} {error}");
            }

            return output;
        }
    }
}

using System.Text.RegularExpressions;
using IdpFederation.Core.Passwords;
using IdpFederation.Tests.CoreLayer;
using IdpFederation.Tests.Server;

namespace IdpFederation.Tests.Passwords;

/// <summary>
/// Every "echo '...' | ... user add UPN ... --password-stdin" an administrator may copy (README, the server's start-up
/// banner, the benchmark scripts) uses a password the default policy accepts, so the first command they try works.
/// </summary>
[Trait("Kind", "Integration")]
public sealed partial class DocumentedPasswordTests
{
    public static TheoryData<string> Sources => new()
    {
        "README.md",
        "src/IdpFederation.Server/Hosting/StartupBanner.cs",
        "scripts/bench-flood.sh",
        "scripts/bench-wsfed.sh",
    };

    [Theory]
    [MemberData(nameof(Sources))]
    public void Example_passwords_pass_the_default_policy(string relativePath)
    {
        var text = File.ReadAllText(Path.Combine(RepositoryPaths.Root, relativePath));
        var policy = new PasswordPolicy(new TestOptionsMonitor<Core.Configuration.IdpOptions>(CoreTestFactory.DefaultOptions()), BannedPasswordList.BuiltIn);

        var examples = EchoedPassword().Matches(text);

        Assert.NotEmpty(examples);
        Assert.All(examples, example =>
        {
            var password = example.Groups["password"].Value;
            var upn = example.Groups["upn"].Success ? example.Groups["upn"].Value + "contoso.com" : "alice@contoso.com";
            var verdict = policy.Check(password, upn);
            // An example shown with its refusal on the next line must be refused with exactly that line.
            var nextLine = NextLine(text, example.Index + example.Length);
            if (nextLine.StartsWith("Password refused:", StringComparison.Ordinal))
            {
                Assert.Equal(nextLine, verdict.Reason);
            }
            else
            {
                Assert.True(verdict.IsAccepted, $"{relativePath}: '{password}': {verdict.Reason}");
            }
        });
    }

    private static string NextLine(string text, int from)
    {
        var start = text.IndexOf('\n', from) + 1;
        var end = text.IndexOf('\n', start);
        return start == 0 ? "" : text[start..(end < 0 ? text.Length : end)].Trim();
    }

    [GeneratedRegex(@"echo '(?<password>[^']*)' \|[^\n]*?user add (?<upn>[^@\s""]+@)?[^\n]*--password-stdin")]
    private static partial Regex EchoedPassword();
}

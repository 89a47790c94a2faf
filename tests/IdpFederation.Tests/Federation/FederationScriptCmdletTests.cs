using System.Text.RegularExpressions;
using IdpFederation.Tests.Server;

namespace IdpFederation.Tests.Federation;

/// <summary>
/// Every cmdlet and parameter a generated federation script uses is one entra-federation.md §5.5 lists, or one of the
/// few the script needs beyond it (<see cref="GraphPowerShellAllowList.Beyond55"/>, each with its reason).
/// </summary>
[Trait("Kind", "Unit")]
public sealed partial class FederationScriptCmdletTests
{
    /// <summary>The spec is laid beside the repository (../shared/spec), not inside it, so a plain clone lacks it.</summary>
    public static string SpecPath => Path.GetFullPath(Path.Combine(RepositoryPaths.Root, "..", "shared", "spec", "entra-federation.md"));

    public static string? SpecMissing => File.Exists(SpecPath) ? null : $"the spec is not beside the repository ({SpecPath}), so the embedded §5.5 list cannot be compared with it";

    [Fact]
    public void Every_cmdlet_and_parameter_in_the_scripts_is_allowed()
    {
        var problems = new List<string>();
        foreach (var (name, script) in FederationScriptFixtures.Scripts())
        {
            foreach (var command in PowerShellCommands.Find(script))
            {
                problems.AddRange((command.Parameters.Count == 0 ? [GraphPowerShellAllowList.Refusal(command.Name, "")] : command.Parameters.Select(p => GraphPowerShellAllowList.Refusal(command.Name, p)))
                    .Where(p => p is not null && !(command.Parameters.Count == 0 && p.Contains(" -", StringComparison.Ordinal)))
                    .Select(p => $"{name}.ps1 line {command.Line}: {p}"));
            }
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void The_scripts_use_the_section_5_5_cmdlets_the_issue_names()
    {
        var used = FederationScriptFixtures.Scripts().Values.SelectMany(PowerShellCommands.Find).ToList();
        bool Uses(string command, params string[] parameters) =>
            used.Any(c => c.Name == command && parameters.All(p => c.Parameters.Contains(p)));

        Assert.True(Uses("Connect-MgGraph", "Scopes"));
        Assert.True(Uses("New-MgDomainFederationConfiguration", "DomainId", "IssuerUri", "PassiveSignInUri", "SignOutUri", "SigningCertificate",
            "NextSigningCertificate", "PreferredAuthenticationProtocol", "FederatedIdpMfaBehavior", "PromptLoginBehavior", "DisplayName"));
        Assert.True(Uses("Update-MgDomainFederationConfiguration", "DomainId", "InternalDomainFederationId", "IssuerUri", "SigningCertificate"));
        Assert.True(Uses("Get-MgDomainFederationConfiguration", "DomainId"));
        Assert.True(Uses("Update-MgDomain", "DomainId", "AuthenticationType"));
        Assert.True(Uses("Disconnect-MgGraph"));
    }

    [Fact]
    public void The_tokenizer_skips_comments_and_strings_and_keeps_parameters_with_their_command()
    {
        const string script = """
            # Remove-Everything -Now
            <# Remove-Everything
               -Now #>
            Write-Host 'Remove-Everything -Now' "Stop-Computer -Force `" still a string"
            Get-MgDomain -DomainId 'a' `
                -Property Id | Select-Object -First 1
            if ($x -eq (Get-Thing -Name 'b')) { Write-Warning -Message 'c' }
            """;

        var found = PowerShellCommands.Find(script).Select(c => $"{c.Name}:{string.Join(",", c.Parameters)}").ToList();

        Assert.Equal(["Write-Host:", "Get-MgDomain:DomainId,Property", "Select-Object:First", "Get-Thing:Name", "Write-Warning:Message"], found);
    }

    [FactWhenAvailable(typeof(FederationScriptCmdletTests), nameof(SpecMissing))]
    public void The_embedded_list_is_what_section_5_5_says()
    {
        var fromSpec = Section55(File.ReadAllText(SpecPath));

        Assert.Equal(
            GraphPowerShellAllowList.Section55.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}: {string.Join(" ", p.Value.Order(StringComparer.Ordinal))}"),
            fromSpec.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}: {string.Join(" ", p.Value.Order(StringComparer.Ordinal))}"));
    }

    /// <summary>
    /// The Microsoft Graph PowerShell bullet of §5.5: each `code span` that starts with a Verb-Noun names a cmdlet and
    /// its -Parameters; a span of parameters alone ("(or `-BodyParameter`)") adds to the cmdlet before it; "…same
    /// params…" copies the parameters of the New- cmdlet with the same noun.
    /// </summary>
    private static Dictionary<string, string[]> Section55(string spec)
    {
        var start = spec.IndexOf("### 5.5", StringComparison.Ordinal);
        Assert.True(start >= 0, "the spec has no §5.5");
        var end = spec.IndexOf("\n#", start + 7, StringComparison.Ordinal);
        var section = spec[start..(end < 0 ? spec.Length : end)];
        var graph = section.IndexOf("- Microsoft Graph PowerShell", StringComparison.Ordinal);
        Assert.True(graph >= 0, "§5.5 has no Microsoft Graph PowerShell part");
        var graphEnd = section.IndexOf("\n- ", graph + 1, StringComparison.Ordinal);
        var part = section[graph..(graphEnd < 0 ? section.Length : graphEnd)];

        var cmdlets = new Dictionary<string, List<string>>(StringComparer.OrdinalIgnoreCase);
        string? last = null;
        foreach (Match span in CodeSpan().Matches(part))
        {
            var text = span.Groups[1].Value;
            if (CmdletAtStart().Match(text) is { Success: true } cmdlet)
            {
                last = cmdlet.Value;
                cmdlets[last] = [];
            }

            if (last is null)
            {
                continue;
            }

            cmdlets[last].AddRange(ParameterInSpan().Matches(text).Select(m => m.Groups[1].Value));
            if (text.Contains("same params", StringComparison.Ordinal))
            {
                var noun = last[(last.IndexOf('-', StringComparison.Ordinal) + 1)..];
                cmdlets[last].AddRange(cmdlets["New-" + noun]);
            }
        }

        return cmdlets.ToDictionary(c => c.Key, c => c.Value.Distinct(StringComparer.OrdinalIgnoreCase).ToArray(), StringComparer.OrdinalIgnoreCase);
    }

    [GeneratedRegex("`([^`]+)`")]
    private static partial Regex CodeSpan();

    [GeneratedRegex(@"^[A-Z][A-Za-z]+-[A-Za-z]+")]
    private static partial Regex CmdletAtStart();

    [GeneratedRegex(@"(?<![\w.])-([A-Z][A-Za-z]+)")]
    private static partial Regex ParameterInSpan();
}

namespace IdpFederation.Tests.Federation;

/// <summary>
/// The generated scripts parse with PowerShell's own parser ([System.Management.Automation.Language.Parser]::ParseFile),
/// which our tokenizer only approximates. Reported skipped, with the reason, where pwsh cannot be had.
/// </summary>
[Trait("Kind", "Integration")]
public sealed class FederationScriptParseTests
{
    [FactWhenAvailable(typeof(Pwsh), nameof(Pwsh.MissingReason))]
    public void Every_generated_script_parses_without_errors()
    {
        var directory = System.IO.Directory.CreateTempSubdirectory("idpfed-pwsh-");
        try
        {
            var files = new List<string>();
            foreach (var (name, script) in FederationScriptFixtures.Scripts())
            {
                var path = Path.Combine(directory.FullName, name + ".ps1");
                File.WriteAllText(path, script);
                files.Add(path);
            }

            // One line per file: its name and every parse error (line: message), or "ok".
            var list = string.Join(",", files.Select(f => "'" + f.Replace("'", "''", StringComparison.Ordinal) + "'"));
            var (exitCode, output) = Pwsh.Run(
                $"foreach ($file in @({list})) {{ $tokens = $null; $errors = $null; " +
                "[void][System.Management.Automation.Language.Parser]::ParseFile($file, [ref]$tokens, [ref]$errors); " +
                "if ($errors.Count -eq 0) { Write-Output \"$file ok\" } " +
                "else { foreach ($e in $errors) { Write-Output \"$file $($e.Extent.StartLineNumber): $($e.Message)\" } } }");

            Assert.True(exitCode == 0, $"pwsh exited {exitCode}: {output}");
            var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            Assert.Equal(files.Select(f => f + " ok"), lines);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [FactWhenAvailable(typeof(Pwsh), nameof(Pwsh.MissingReason))]
    public void Quoted_values_come_back_unexpanded()
    {
        // The values PowerShell reads from our single-quoted strings are the values we wrote, whatever they hold.
        const string value = "O'Brien’s $(Get-Date) `n \"x\" ‘y’";
        var quoted = IdpFederation.Infrastructure.PowerShell.PowerShellText.Quote(value);

        var (exitCode, output) = Pwsh.Run($"[Console]::Out.Write([Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes({quoted})))");

        Assert.True(exitCode == 0, output);
        Assert.Equal(value, System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(output.Trim())));
    }
}

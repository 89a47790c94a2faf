using IdpFederation.Tests.Server;
using Xunit.Abstractions;

namespace IdpFederation.Tests.Federation;

/// <summary>
/// The whole text of the generated federation scripts against committed snapshots (Snapshots/*.ps1), so any change to
/// what admins run is seen in review. After a deliberate change, run these tests with IDPFED_UPDATE_SNAPSHOTS=1 to
/// rewrite the snapshots, then read the diff before committing it.
/// </summary>
[Trait("Kind", "Unit")]
public sealed class FederationScriptSnapshotTests
{
    public const string UpdateVariable = "IDPFED_UPDATE_SNAPSHOTS";

    private readonly ITestOutputHelper _output;

    public FederationScriptSnapshotTests(ITestOutputHelper output) => _output = output;

    public static string SnapshotDirectory => Path.Combine(RepositoryPaths.Root, "tests", "IdpFederation.Tests", "Federation", "Snapshots");

    [Theory]
    [InlineData("ws-fed-with-next")]
    [InlineData("two-domains-revert")]
    public void Script_matches_its_snapshot(string name)
    {
        var actual = FederationScriptFixtures.Scripts()[name].ReplaceLineEndings("\n");
        var path = Path.Combine(SnapshotDirectory, name + ".ps1");
        if (Environment.GetEnvironmentVariable(UpdateVariable) == "1")
        {
            File.WriteAllText(path, actual);
            _output.WriteLine($"{UpdateVariable}=1: rewrote {path}");
            return;
        }

        Assert.True(File.Exists(path), $"No snapshot {path}: run with {UpdateVariable}=1 to write it.");
        var expected = File.ReadAllText(path).ReplaceLineEndings("\n");
        if (expected != actual)
        {
            var expectedLines = expected.Split('\n');
            var actualLines = actual.Split('\n');
            var line = Enumerable.Range(0, Math.Max(expectedLines.Length, actualLines.Length))
                .First(i => i >= expectedLines.Length || i >= actualLines.Length || expectedLines[i] != actualLines[i]);
            Assert.Fail(
                $"{name}.ps1 differs from the generated script at line {line + 1}:\n" +
                $"  snapshot:  {(line < expectedLines.Length ? expectedLines[line] : "(end)")}\n" +
                $"  generated: {(line < actualLines.Length ? actualLines[line] : "(end)")}\n" +
                $"If the change is meant, run with {UpdateVariable}=1 and review the diff.");
        }
    }

    [Fact]
    public void No_line_runs_past_120_characters()
    {
        foreach (var (name, script) in FederationScriptFixtures.Scripts())
        {
            var longest = script.ReplaceLineEndings("\n").Split('\n').MaxBy(l => l.Length)!;
            Assert.True(longest.Length <= 120, $"{name}: a line of {longest.Length} characters: {longest}");
        }
    }
}

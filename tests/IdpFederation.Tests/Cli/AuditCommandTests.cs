using IdpFederation.Core.Auditing;

namespace IdpFederation.Tests.Cli;

[Trait("Kind", "Integration")]
public sealed class AuditCommandTests : IDisposable
{
    private readonly CliTestHost _cli = new();

    public void Dispose() => _cli.Dispose();

    private Task<bool> SeedAsync(params (string User, TimeSpan Ago, string Outcome)[] events) =>
        _cli.WithServicesAsync<bool>(async (_, audit, _) =>
        {
            foreach (var (user, ago, outcome) in events)
            {
                await audit.WriteAsync(new AuditEvent
                {
                    Timestamp = DateTimeOffset.UtcNow - ago,
                    EventType = AuditEventTypes.SignIn,
                    Username = user,
                    Outcome = outcome,
                    Reason = outcome == AuditOutcomes.Failure ? "BadPassword" : null,
                    ClientIp = "198.51.100.4",
                });
            }

            return true;
        });

    [Fact]
    public async Task Lists_newest_first_with_filters()
    {
        await SeedAsync(
            ("alice@contoso.com", TimeSpan.FromDays(3), AuditOutcomes.Success),
            ("ALICE@contoso.com", TimeSpan.FromMinutes(30), AuditOutcomes.Failure),
            ("bob@contoso.com", TimeSpan.FromMinutes(10), AuditOutcomes.Success),
            ("alice@contoso.com", TimeSpan.FromMinutes(5), AuditOutcomes.Success));

        var all = (await _cli.RunAsync("audit", "list", "--json")).Succeeded().Json.AsArray();
        var alice = (await _cli.RunAsync("audit", "list", "--user", "Alice@Contoso.com", "--json")).Succeeded().Json.AsArray();
        var recentAlice = (await _cli.RunAsync("audit", "list", "--user", "alice@contoso.com", "--since", "24h", "--json")).Succeeded().Json.AsArray();
        var sinceDate = (await _cli.RunAsync("audit", "list", "--since", DateTimeOffset.UtcNow.AddHours(-1).ToString("O"), "--json")).Succeeded().Json.AsArray();
        var limited = (await _cli.RunAsync("audit", "list", "--limit", "1", "--json")).Succeeded().Json.AsArray();

        Assert.Equal(4, all.Count);
        var times = all.Select(e => DateTimeOffset.Parse((string)e!["timestamp"]!, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(times.OrderDescending(), times);
        Assert.Equal(3, alice.Count);
        Assert.Equal(2, recentAlice.Count);
        Assert.Equal(["Success", "Failure"], recentAlice.Select(e => (string?)e!["outcome"]));
        Assert.Equal(3, sinceDate.Count);
        Assert.Equal("alice@contoso.com", (string?)Assert.Single(limited)!["username"]);
    }

    [Fact]
    public async Task Text_output_has_a_row_per_event()
    {
        await SeedAsync(("carol@contoso.com", TimeSpan.FromMinutes(1), AuditOutcomes.Failure));

        var lines = (await _cli.RunAsync("audit", "list")).Succeeded().Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(2, lines.Length);
        Assert.StartsWith("TIME (UTC)", lines[0], StringComparison.Ordinal);
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\s+SignIn\s+Failure\s+carol@contoso.com\s+-\s+198\.51\.100\.4\s+BadPassword", lines[1]);
    }

    [Fact]
    public async Task Bad_filters_are_usage_errors()
    {
        (await _cli.RunAsync("audit", "list", "--since", "yesterday")).FailedWith(2, "--since 'yesterday'");
        (await _cli.RunAsync("audit", "list", "--since", "24x")).FailedWith(2, "--since '24x'");
        (await _cli.RunAsync("audit", "list", "--limit", "0")).FailedWith(2, "--limit '0' must be a whole number between 1 and 10000");
        (await _cli.RunAsync("audit", "list", "--limit", "many")).FailedWith(2, "many");
    }
}

using IdpFederation.Core.Auditing;

namespace IdpFederation.Tests.Cli;

/// <summary>"audit list" shows the policy details stored with each sign-in.</summary>
[Trait("Kind", "Integration")]
public sealed class PolicyAuditDetailsTests : IDisposable
{
    private const string Details =
        """{"country":"AU","decision":"Deny","rules":["block-range"],"reportOnly":["geo-trial:deny"],"insideCorporateNetwork":false,"lockout":null}""";

    private readonly CliTestHost _cli = new();

    public void Dispose() => _cli.Dispose();

    private Task<bool> SeedAsync(string user, string? details) =>
        _cli.WithServicesAsync<bool>(async (_, audit, _) =>
        {
            await audit.WriteAsync(new AuditEvent
            {
                Timestamp = DateTimeOffset.UtcNow,
                EventType = AuditEventTypes.SignIn,
                Username = user,
                Outcome = AuditOutcomes.Failure,
                Reason = "PolicyDenied",
                Details = details,
            });
            return true;
        });

    [Fact]
    public async Task Json_output_nests_the_details_as_an_object()
    {
        await SeedAsync("alice@contoso.com", Details);
        await SeedAsync("bob@contoso.com", null);

        var alice = (await _cli.RunAsync("audit", "list", "--user", "alice@contoso.com", "--json")).Succeeded().Json.AsArray().Single()!;
        var bob = (await _cli.RunAsync("audit", "list", "--user", "bob@contoso.com", "--json")).Succeeded().Json.AsArray().Single()!;

        Assert.Equal("Deny", (string?)alice["details"]!["decision"]);
        Assert.Equal("block-range", (string?)alice["details"]!["rules"]![0]);
        Assert.Null(bob["details"]);
        Assert.Equal("PolicyDenied", (string?)alice["reason"]);
    }

    [Fact]
    public async Task Details_that_are_not_json_are_shown_as_text()
    {
        await SeedAsync("carol@contoso.com", "{\"country\":\"AU\",\"decision\":\"De");

        var carol = (await _cli.RunAsync("audit", "list", "--user", "carol@contoso.com", "--json")).Succeeded().Json.AsArray().Single()!;

        Assert.Equal("{\"country\":\"AU\",\"decision\":\"De", (string?)carol["details"]);
    }

    [Fact]
    public async Task The_table_shows_a_short_form_without_empty_fields()
    {
        await SeedAsync("dave@contoso.com", Details);

        var lines = (await _cli.RunAsync("audit", "list", "--user", "dave@contoso.com")).Succeeded().Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.EndsWith("DETAILS", lines[0].TrimEnd(), StringComparison.Ordinal);
        Assert.EndsWith(
            "country=AU decision=Deny rules=block-range reportOnly=geo-trial:deny insideCorporateNetwork=false",
            lines[1].TrimEnd(),
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task Long_details_are_clipped_in_the_table()
    {
        var rules = string.Join(",", Enumerable.Range(1, 40).Select(i => $"\"rule-{i}\""));
        await SeedAsync("erin@contoso.com", $$"""{"decision":"Deny","rules":[{{rules}}]}""");

        var row = (await _cli.RunAsync("audit", "list", "--user", "erin@contoso.com")).Succeeded().Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)[1];

        Assert.EndsWith("...", row.TrimEnd(), StringComparison.Ordinal);
        Assert.Contains("decision=Deny rules=rule-1,rule-2", row, StringComparison.Ordinal);
    }
}

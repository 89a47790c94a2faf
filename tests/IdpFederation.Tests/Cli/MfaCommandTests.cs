using IdpFederation.Core.Mfa;

namespace IdpFederation.Tests.Cli;

/// <summary>idpfed mfa status|reset|recovery-codes against a real SQLite directory, without Redis.</summary>
[Trait("Kind", "Integration")]
public sealed class MfaCommandTests : IDisposable
{
    private const string Alice = "alice@contoso.com";
    private static readonly DateTimeOffset Confirmed = new(2026, 11, 1, 9, 5, 0, TimeSpan.Zero);
    private readonly CliTestHost _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task Status_of_an_enrolled_user_shows_when_and_how_many_codes_are_left()
    {
        await _cli.AddEnrolledUserAsync(Alice, Confirmed, "h1", "h2", "h3");

        var text = (await _cli.RunAsync("mfa", "status", "ALICE@contoso.com")).Succeeded().Stdout;
        var json = (await _cli.RunAsync("mfa", "status", Alice, "--json")).Succeeded().Json;

        Assert.Matches(@"Enrolled:\s+yes", text);
        Assert.Matches(@"Confirmed:\s+2026-11-01T09:05:00Z", text);
        Assert.Matches(@"RecoveryCodesLeft:\s+3", text);
        Assert.DoesNotContain("protected-seed", text, StringComparison.Ordinal);
        Assert.Equal(Alice, (string?)json["userPrincipalName"]);
        Assert.True((bool?)json["enrolled"]);
        Assert.True((bool?)json["confirmed"]);
        Assert.Equal(Confirmed, (DateTimeOffset?)json["confirmedAt"]);
        Assert.Equal(3, (int?)json["recoveryCodesLeft"]);
        Assert.DoesNotContain("protected-seed", json.ToJsonString(), StringComparison.Ordinal);
        Assert.DoesNotContain("h1", json.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_of_an_unconfirmed_enrolment_says_not_yet()
    {
        await _cli.AddEnrolledUserAsync(Alice, confirmedAt: null);

        var text = (await _cli.RunAsync("mfa", "status", Alice)).Succeeded().Stdout;

        Assert.Matches(@"Enrolled:\s+yes", text);
        Assert.Matches(@"Confirmed:\s+not yet", text);
    }

    [Fact]
    public async Task Status_of_a_user_without_enrolment_says_no()
    {
        (await _cli.RunAsync("user", "add", Alice)).Succeeded();

        var text = (await _cli.RunAsync("mfa", "status", Alice)).Succeeded().Stdout;
        var json = (await _cli.RunAsync("mfa", "status", Alice, "--json")).Succeeded().Json;

        Assert.Matches(@"Enrolled:\s+no", text);
        Assert.Matches(@"RecoveryCodesLeft:\s+0", text);
        Assert.False((bool?)json["enrolled"]);
        Assert.Null((string?)json["confirmedAt"]);
    }

    [Fact]
    public async Task Reset_removes_the_enrolment_and_without_Redis_ends_no_sessions()
    {
        var id = await _cli.AddEnrolledUserAsync(Alice, Confirmed, "h1");

        var result = (await _cli.RunAsync("mfa", "reset", Alice)).Succeeded();

        Assert.Equal($"MFA enrolment and remembered devices removed for {Alice}.", result.Stdout.Trim());
        Assert.Null(await _cli.WithMfaStoreAsync(store => store.GetAsync(id)));
        Assert.Matches(@"Enrolled:\s+no", (await _cli.RunAsync("mfa", "status", Alice)).Succeeded().Stdout);
        var audit = (await _cli.RunAsync("audit", "list", "--user", Alice, "--json")).Succeeded().Json.AsArray();
        var entry = Assert.Single(audit, e => (string?)e!["reason"] == "mfa reset");
        Assert.Equal("Mfa", (string?)entry!["eventType"]);
    }

    [Fact]
    public async Task Reset_without_enrolment_is_refused()
    {
        (await _cli.RunAsync("user", "add", Alice)).Succeeded();

        (await _cli.RunAsync("mfa", "reset", Alice)).FailedWith(1, $"{Alice} has no MFA enrolment to reset");
    }

    [Fact]
    public async Task Recovery_codes_are_printed_once_and_only_their_hashes_stored()
    {
        var id = await _cli.AddEnrolledUserAsync(Alice, Confirmed, "old-hash");

        var result = (await _cli.RunAsync("mfa", "recovery-codes", Alice)).Succeeded();

        var codes = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(l => System.Text.RegularExpressions.Regex.IsMatch(l, "^[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}$")).ToList();
        Assert.Equal(RecoveryCodes.DefaultCount, codes.Distinct().Count());
        var stored = await _cli.WithMfaStoreAsync(store => store.GetAsync(id));
        Assert.Equal(RecoveryCodes.DefaultCount, stored!.RecoveryCodeHashes.Count);
        Assert.DoesNotContain("old-hash", stored.RecoveryCodeHashes);
        Assert.All(codes, c => Assert.DoesNotContain(stored.RecoveryCodeHashes, h => h.Contains(c, StringComparison.OrdinalIgnoreCase)));
        Assert.Equal(4, RecoveryCodes.Verify(codes[4], stored.RecoveryCodeHashes));
        Assert.Matches(@"RecoveryCodesLeft:\s+10", (await _cli.RunAsync("mfa", "status", Alice)).Succeeded().Stdout);
    }

    [Fact]
    public async Task Recovery_codes_for_a_user_who_is_not_enrolled_are_refused()
    {
        (await _cli.RunAsync("user", "add", Alice)).Succeeded();

        var result = await _cli.RunAsync("mfa", "recovery-codes", Alice);

        result.FailedWith(1, $"{Alice} is not enrolled in MFA");
        Assert.Equal("", result.Stdout);
    }

    [Theory]
    [InlineData("status")]
    [InlineData("reset")]
    [InlineData("recovery-codes")]
    public async Task An_unknown_user_is_refused_in_one_line(string command)
    {
        (await _cli.RunAsync("mfa", command, "ghost@contoso.com")).FailedWith(1, "User 'ghost@contoso.com' does not exist");
    }

    [Theory]
    [InlineData("status")]
    [InlineData("reset")]
    [InlineData("recovery-codes")]
    public async Task The_upn_is_required(string command)
    {
        (await _cli.RunAsync("mfa", command)).FailedWith(2, "Missing required argument <upn>.");
    }
}

using System.Diagnostics;
using System.Net;
using System.Text.Json;
using IdpFederation.Tests.Server;

namespace IdpFederation.Tests.Policies;

/// <summary>
/// Editing config/policies.json takes effect without a restart; an edit that does not compile is refused with file,
/// JSON path and reason, in the log and in /health/ready, while the last good policy stays in force; at start-up the
/// same mistake stops the server.
/// </summary>
[Trait("Kind", "Integration")]
public sealed class PolicyReloadTests
{
    /// <summary>
    /// The file watcher reports an edit at once and the reload takes milliseconds; the bound only stops a watcher that
    /// never fires from hanging the suite, with room for a machine whose cores are all busy.
    /// </summary>
    private static readonly TimeSpan ApplyWithin = TimeSpan.FromSeconds(30);

    /// <summary>The initial policy with the report-only trial rule switched to enforce.</summary>
    private static string EnforcedTrial => PolicyServerFixture.InitialPolicy.Replace("\"mode\": \"reportOnly\", ", "", StringComparison.Ordinal);

    private static async Task<T> WithServerAsync<T>(Func<PolicyServer, Task<T>> test)
    {
        var server = new PolicyServer(PolicyServerFixture.InitialPolicy);
        try
        {
            await server.InitializeAsync();
            return await test(server);
        }
        finally
        {
            await server.DisposeAsync();
        }
    }

    /// <summary>Repeats an SSO token request until the policy says <paramref name="code"/> (or a token when null).</summary>
    private static async Task<TimeSpan> WaitForOutcomeAsync(ForwardedBrowser browser, string? code)
    {
        var clock = Stopwatch.StartNew();
        Page page;
        do
        {
            page = await browser.GetAsync(WsFederationClient.SignInUrl("poll"));
            var outcome = page.Field("wresult") is not null ? null : page.Text("#error-code");
            if (outcome == code && (code is not null || page.Status == HttpStatusCode.OK))
            {
                return clock.Elapsed;
            }

            await Task.Delay(200);
        }
        while (clock.Elapsed < ApplyWithin);

        throw new Xunit.Sdk.XunitException($"Policy edit not applied within {ApplyWithin.TotalSeconds} s; last page {page.Status} {page.Text("#error-code")}");
    }

    private static async Task<JsonElement> ReadyAsync(PolicyServer server)
    {
        using var client = new HttpClient { BaseAddress = new Uri(server.Environment.ManagementUrl) };
        using var response = await client.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.Clone();
    }

    private static async Task<JsonElement> WaitForReadyStatusAsync(PolicyServer server, string status)
    {
        var clock = Stopwatch.StartNew();
        JsonElement body;
        do
        {
            body = await ReadyAsync(server);
            if (body.GetProperty("status").GetString() == status)
            {
                return body;
            }

            await Task.Delay(200);
        }
        while (clock.Elapsed < ApplyWithin);

        throw new Xunit.Sdk.XunitException($"/health/ready did not become {status} within {ApplyWithin.TotalSeconds} s: {body}");
    }

    [Fact]
    public Task A_valid_edit_applies_within_seconds_without_a_restart() => WithServerAsync(async server =>
    {
        using var browser = server.NewBrowser("192.0.2.5");
        Assert.NotNull((await browser.SignInAsync("alice@contoso.com", PolicyServerFixture.Password)).Field("wresult"));

        await File.WriteAllTextAsync(server.PolicyPath, EnforcedTrial);
        var applied = await WaitForOutcomeAsync(browser, "IDPF3001");

        Assert.True(applied < ApplyWithin, $"applied after {applied.TotalMilliseconds:F0} ms");
        Assert.Contains($"Sign-in policy {server.PolicyPath} applied: 3 rules", server.Server.Output, StringComparison.Ordinal);

        // Configuration tools usually replace the file atomically (write a temporary file, rename it over): also seen.
        var temporary = server.PolicyPath + ".tmp";
        await File.WriteAllTextAsync(temporary, PolicyServerFixture.InitialPolicy);
        File.Move(temporary, server.PolicyPath, overwrite: true);
        await WaitForOutcomeAsync(browser, code: null);

        var ready = await ReadyAsync(server);
        Assert.Equal("Healthy", ready.GetProperty("status").GetString());
        return true;
    });

    [Fact]
    public Task An_invalid_edit_keeps_the_old_policy_and_is_reported_in_the_log_and_health_with_file_path_and_reason() => WithServerAsync(async server =>
    {
        using var trial = server.NewBrowser("192.0.2.6");
        Assert.NotNull((await trial.SignInAsync("alice@contoso.com", PolicyServerFixture.Password)).Field("wresult"));

        // Enforces the trial rule, but with a typo in another range: the whole edit must be refused.
        var broken = EnforcedTrial.Replace("\"198.51.100.0/24\"", "\"198.51.100.1/24\"", StringComparison.Ordinal);
        Assert.NotEqual(EnforcedTrial, broken);
        await File.WriteAllTextAsync(server.PolicyPath, broken);

        var expected = $"{server.PolicyPath}: $.networks.hostile[0]: '198.51.100.1/24' has host bits set; did you mean 198.51.100.0/24?";
        var ready = await WaitForReadyStatusAsync(server, "Degraded");
        var policy = ready.GetProperty("checks").GetProperty("policy");
        Assert.Equal("Degraded", policy.GetProperty("status").GetString());
        Assert.Contains(expected, policy.GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.Equal("Healthy", ready.GetProperty("checks").GetProperty("directory").GetProperty("status").GetString());

        Assert.Contains(expected, server.Server.Output, StringComparison.Ordinal);
        Assert.Contains("rejected; the previous policy stays in force", server.Server.Output, StringComparison.Ordinal);

        // The old policy is still the one enforced: the trial rule only reports, the hostile range is still denied.
        Assert.NotNull((await trial.GetAsync(WsFederationClient.SignInUrl("still"))).Field("wresult"));
        using var hostile = server.NewBrowser("198.51.100.20");
        Assert.Equal("IDPF3001", (await hostile.SignInAsync("bob@contoso.com", PolicyServerFixture.Password)).Text("#error-code"));

        // Fixing the file clears the rejection and applies the fix.
        await File.WriteAllTextAsync(server.PolicyPath, EnforcedTrial);
        var healthy = await WaitForReadyStatusAsync(server, "Healthy");
        Assert.Equal("Healthy", healthy.GetProperty("checks").GetProperty("policy").GetProperty("status").GetString());
        await WaitForOutcomeAsync(trial, "IDPF3001");
        return true;
    });

    [Fact]
    public async Task An_invalid_policy_file_at_start_up_stops_the_server_with_the_same_precise_message()
    {
        var broken = PolicyServerFixture.InitialPolicy.Replace("\"action\": \"deny\", \"conditions\": { \"ipRanges\": [\"hostile\"] }",
            "\"action\": \"block\", \"conditions\": { \"ipRanges\": [\"hostile\"] }", StringComparison.Ordinal);
        Assert.NotEqual(PolicyServerFixture.InitialPolicy, broken);
        var server = new PolicyServer(broken);
        try
        {
            var error = await Assert.ThrowsAsync<InvalidOperationException>(server.InitializeAsync);

            Assert.Contains("Server exited with code 1", error.Message, StringComparison.Ordinal);
            Assert.Contains("IdpFederation cannot start: the configuration is invalid.", error.Message, StringComparison.Ordinal);
            Assert.Contains($"{server.PolicyPath}: $.rules[0].action: 'block' is not an action; use allow, deny, requireMfa or requireMfaOutside.",
                error.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            await server.DisposeAsync();
        }
    }
}

using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using IdpFederation.Tests.Policies;

namespace IdpFederation.Tests.Server;

/// <summary>
/// Issue 10, "health leaks internals": anonymous callers get {"status":…} and the status code, nothing else; the
/// descriptions (config paths, a refused policy edit with its network names, rule counts, MFA state) go only to the
/// management listener or to a caller holding the details key. Callers are told apart by the socket's port, so a
/// Host header naming the management port changes nothing.
/// </summary>
[Trait("Kind", "Integration")]
public sealed class HealthExposureTests : IClassFixture<HealthExposureFixture>
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(60);
    private static readonly string[] HealthPaths = ["/health", "/health/ready", "/health/live"];

    private readonly HealthExposureFixture _idp;

    public HealthExposureTests(HealthExposureFixture idp) => _idp = idp;

    [Fact]
    public async Task Anonymous_health_output_holds_the_status_only_no_path_no_policy_text_no_counts()
    {
        // The management view does show all three here, so their absence below is the anonymous view's doing.
        var details = await WaitForPolicyAsync("Healthy");
        Assert.Contains(_idp.PolicyPath, details, StringComparison.Ordinal);
        Assert.Contains("3 rules", details, StringComparison.Ordinal);

        using var client = new HttpClient { BaseAddress = new Uri(_idp.BaseUrl) };
        foreach (var path in HealthPaths)
        {
            using var response = await client.GetAsync(path);
            AssertStatusOnly(path, response.StatusCode, await response.Content.ReadAsStringAsync());
        }
    }

    [Fact]
    public async Task A_rejected_policy_edit_is_shown_on_the_management_listener_and_to_nobody_else()
    {
        // A typo in a named network: the refusal quotes the file, the JSON path and the range.
        var broken = PolicyServerFixture.InitialPolicy.Replace("\"198.51.100.0/24\"", "\"198.51.100.1/24\"", StringComparison.Ordinal);
        var refusal = $"{_idp.PolicyPath}: $.networks.hostile[0]: '198.51.100.1/24'";
        await ReplaceAsync(_idp.PolicyPath, broken);
        try
        {
            await WaitForPolicyAsync("Degraded", refusal);

            using var client = new HttpClient { BaseAddress = new Uri(_idp.BaseUrl) };
            foreach (var path in HealthPaths)
            {
                using var response = await client.GetAsync(path);
                AssertStatusOnly(path, response.StatusCode, await response.Content.ReadAsStringAsync());
            }
        }
        finally
        {
            await ReplaceAsync(_idp.PolicyPath, PolicyServerFixture.InitialPolicy);
            await WaitForPolicyAsync("Healthy");
        }
    }

    [Fact]
    public async Task The_management_listener_shows_every_check_with_its_description()
    {
        await WaitForPolicyAsync("Healthy");
        using var management = new HttpClient { BaseAddress = new Uri(_idp.ManagementUrl) };
        foreach (var path in new[] { "/health", "/health/ready" })
        {
            using var response = await management.GetAsync(path);
            var checks = Checks(await response.Content.ReadAsStringAsync());
            Assert.Equal(["config", "directory", "mfa-keys", "policy", "signing-certificate"], checks.Keys.Order());
            Assert.All(checks.Values, c => Assert.False(string.IsNullOrEmpty(c.Description)));
            Assert.Equal("no confirmed MFA enrolments yet", checks["mfa-keys"].Description);
            Assert.StartsWith("signing with ", checks["signing-certificate"].Description, StringComparison.Ordinal);
        }

        using var live = await management.GetAsync("/health/live");
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
    }

    [Fact]
    public async Task A_host_header_naming_the_management_port_does_not_unlock_the_details()
    {
        var managementHost = new Uri(_idp.ManagementUrl).Authority;
        using var client = new HttpClient { BaseAddress = new Uri(_idp.BaseUrl) };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/health/ready");
        request.Headers.Host = managementHost;

        using var response = await client.SendAsync(request);

        AssertStatusOnly("/health/ready with Host " + managementHost, response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_details_key_unlocks_the_details_on_the_public_listener_and_a_wrong_key_gets_401()
    {
        using var client = new HttpClient { BaseAddress = new Uri(_idp.BaseUrl) };

        using var right = new HttpRequestMessage(HttpMethod.Get, "/health/ready");
        right.Headers.Authorization = new AuthenticationHeaderValue("Bearer", HealthExposureFixture.DetailsKey);
        using var granted = await client.SendAsync(right);
        Assert.Contains("policy", Checks(await granted.Content.ReadAsStringAsync()).Keys);

        using var wrong = new HttpRequestMessage(HttpMethod.Get, "/health/ready");
        wrong.Headers.Authorization = new AuthenticationHeaderValue("Bearer", HealthExposureFixture.DetailsKey[..^2] + "x=");
        using var refused = await client.SendAsync(wrong);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal("", await refused.Content.ReadAsStringAsync());
        Assert.Contains("Bearer", refused.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_management_listener_serves_nothing_but_health()
    {
        using var management = new HttpClient { BaseAddress = new Uri(_idp.ManagementUrl) };
        foreach (var path in new[] { "/", WsFederationClient.SignInUrl(), "/FederationMetadata/2007-06/FederationMetadata.xml", "/Error" })
        {
            using var response = await management.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{path} on the management listener answered {(int)response.StatusCode}");
        }

        using var client = new HttpClient { BaseAddress = new Uri(_idp.BaseUrl) };
        using var metadata = await client.GetAsync("/FederationMetadata/2007-06/FederationMetadata.xml");
        Assert.Equal(HttpStatusCode.OK, metadata.StatusCode);
    }

    /// <summary>Exactly {"status":"…"}: no other property, no path, no network, no number anywhere.</summary>
    private void AssertStatusOnly(string what, HttpStatusCode status, string body)
    {
        Assert.True(status is HttpStatusCode.OK or HttpStatusCode.ServiceUnavailable, $"{what}: {(int)status}");
        using var json = JsonDocument.Parse(body);
        Assert.True(json.RootElement.EnumerateObject().Select(p => p.Name).SequenceEqual(["status"]), $"{what} answered more than its status: {body}");
        Assert.DoesNotContain(_idp.Environment.Root, body, StringComparison.Ordinal);
        Assert.DoesNotContain("198.51.100", body, StringComparison.Ordinal);
        Assert.DoesNotContain("hostile", body, StringComparison.Ordinal);
        Assert.DoesNotContain("rules", body, StringComparison.Ordinal);
        Assert.DoesNotContain("enrol", body, StringComparison.Ordinal);
        Assert.False(body.Any(char.IsAsciiDigit), $"{what} answered with a number: {body}");
    }

    private static Dictionary<string, (string? Status, string? Description)> Checks(string body)
    {
        using var json = JsonDocument.Parse(body);
        return json.RootElement.GetProperty("checks").EnumerateObject()
            .ToDictionary(c => c.Name, c => (c.Value.GetProperty("status").GetString(), c.Value.GetProperty("description").GetString()));
    }

    /// <summary>
    /// Saves the file as configuration tools do, a new file renamed over the old, so the server never reads it
    /// half-written (which would be refused for another reason).
    /// </summary>
    private static async Task ReplaceAsync(string path, string content)
    {
        var temporary = path + ".tmp";
        await File.WriteAllTextAsync(temporary, content);
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>
    /// Polls the management listener until the policy check reads <paramref name="status"/> (with
    /// <paramref name="containing"/> in its description, when given); returns the description.
    /// </summary>
    private async Task<string> WaitForPolicyAsync(string status, string? containing = null)
    {
        using var management = new HttpClient { BaseAddress = new Uri(_idp.ManagementUrl) };
        var clock = Stopwatch.StartNew();
        var last = "no answer";
        while (clock.Elapsed < Within)
        {
            try
            {
                using var response = await management.GetAsync("/health/ready");
                last = await response.Content.ReadAsStringAsync();
                if (Checks(last).TryGetValue("policy", out var policy) && policy.Status == status
                    && (containing is null || (policy.Description ?? "").Contains(containing, StringComparison.Ordinal)))
                {
                    return policy.Description ?? "";
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or JsonException or KeyNotFoundException or InvalidOperationException)
            {
                last = ex.Message;
            }

            await Task.Delay(200);
        }

        throw new Xunit.Sdk.XunitException($"the management listener did not show the policy {status} {containing} within {Within.TotalSeconds} s; last answer: {last}");
    }
}

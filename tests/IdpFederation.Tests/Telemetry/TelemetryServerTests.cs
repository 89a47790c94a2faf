using System.Net;
using System.Text;
using System.Xml;
using IdpFederation.Tests.Server;

namespace IdpFederation.Tests.Telemetry;

/// <summary>
/// The real server after real WS-Fed sign-ins: the scrape on the management listener has the documented metrics with
/// sensible values and no personal data in any label, the public listener has no /metrics, and spans reach an OTLP
/// collector with the client-request-id and the pipeline steps.
/// </summary>
[Trait("Kind", "Integration")]
public sealed class TelemetryServerTests : IClassFixture<TelemetryServerFixture>
{
    private readonly TelemetryServerFixture _idp;

    public TelemetryServerTests(TelemetryServerFixture idp) => _idp = idp;

    [Fact]
    public async Task Scrape_after_a_real_sign_in_has_the_documented_metrics_and_no_personal_data_in_labels()
    {
        var (secrets, _) = await SignInTwiceAsync("alice@contoso.com");
        using var wrong = _idp.NewBrowser();
        var login = await wrong.GetAsync(WsFederationClient.SignInUrl("ctx", "mallory@contoso.com"));
        await wrong.SubmitAsync(login, new Dictionary<string, string> { ["Username"] = "mallory@contoso.com", ["Password"] = "not the password" });
        secrets.Add("mallory");

        using var http = new HttpClient();
        using var response = await http.GetAsync(_idp.Server.ManagementUrl + "/metrics");
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        var samples = PrometheusScrape.Parse(text);

        Assert.True(Sum(samples, "idpfed_signins_total", ("protocol", "wsfed"), ("outcome", "success")) >= 2, text);
        Assert.True(Sum(samples, "idpfed_signins_total", ("protocol", "wsfed"), ("outcome", "login_required")) >= 1, text);
        Assert.True(Sum(samples, "idpfed_signins_total", ("protocol", "wsfed"), ("outcome", "invalid_credentials")) >= 1, text);
        Assert.True(Sum(samples, "idpfed_token_issue_duration_seconds_count", ("protocol", "wsfed"), ("method", "password")) >= 1, text);
        Assert.True(Sum(samples, "idpfed_token_issue_duration_seconds_count", ("protocol", "wsfed"), ("method", "sso")) >= 1, text);
        Assert.True(Sum(samples, "idpfed_token_issue_duration_seconds_sum") > 0, text);
        Assert.True(Sum(samples, "idpfed_password_hash_queue_time_seconds_count") >= 2, text);
        Assert.True(Sum(samples, "idpfed_policy_decisions_total", ("rule", TelemetryServerFixture.RuleName), ("decision", "deny"), ("report_only", "true")) >= 2, text);
        Assert.Contains(samples, s => s.Name == "idpfed_audit_queue_depth" && s.Value >= 0);
        // The built-in ASP.NET Core and runtime meters come along.
        Assert.Contains(samples, s => s.Name == "http_server_request_duration_seconds_count");
        Assert.Contains(samples, s => s.Name.StartsWith("dotnet_", StringComparison.Ordinal));

        var leaks = samples.SelectMany(s => s.Labels.Select(l => (Sample: s.Name, l.Key, l.Value)))
            .Where(l => secrets.Any(secret => l.Value.Contains(secret, StringComparison.OrdinalIgnoreCase)))
            .Select(l => $"{l.Sample}{{{l.Key}=\"{l.Value}\"}}").Distinct().ToList();
        Assert.True(leaks.Count == 0, "Labels carrying personal data or secrets: " + string.Join(", ", leaks));
    }

    [Fact]
    public async Task The_public_listener_does_not_serve_metrics()
    {
        using var http = new HttpClient();
        using var response = await http.GetAsync(_idp.Environment.BaseUrl + "/metrics");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.DoesNotContain("idpfed_", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Spans_reach_the_otlp_collector_with_the_client_request_id_and_the_pipeline_steps()
    {
        var (secrets, clientRequestId) = await SignInTwiceAsync("alice@contoso.com");
        var id = Encoding.UTF8.GetBytes(clientRequestId);

        var span = await _idp.Otlp.WaitForAsync("/v1/traces", body => Contains(body, id) && Contains(body, "account-active"u8), TimeSpan.FromSeconds(30));

        Assert.True(span is not null, "No span with the client-request-id and the pipeline steps arrived; server output:\n" + _idp.Server.Output);
        foreach (var expected in new[] { "idpfed.signin", "client_request_id", "authenticated", "policy", "mfa", "idpfed.outcome", "success" })
        {
            Assert.True(Contains(span, Encoding.UTF8.GetBytes(expected)), $"'{expected}' missing from the span export");
        }

        var metrics = await _idp.Otlp.WaitForAsync("/v1/metrics", body => Contains(body, "idpfed.signins"u8), TimeSpan.FromSeconds(30));
        Assert.NotNull(metrics);

        // Nothing exported over OTLP carries the password, the username, the client address or a token fragment (the
        // ASP.NET Core spans redact query strings, where the username hint travels).
        foreach (var body in _idp.Otlp.Posts("/v1/traces").Concat(_idp.Otlp.Posts("/v1/metrics")))
        {
            foreach (var secret in secrets)
            {
                Assert.False(Contains(body, Encoding.UTF8.GetBytes(secret)), $"'{secret}' found in an OTLP export");
            }
        }
    }

    /// <summary>
    /// A password sign-in then an SSO one from the same browser; returns what must never be exported (username,
    /// password, address, token fragments, cookies) and the first sign-in's client-request-id.
    /// </summary>
    private async Task<(List<string> Secrets, string ClientRequestId)> SignInTwiceAsync(string username)
    {
        using var browser = _idp.NewBrowser();
        var (url, clientRequestId) = TelemetryServerFixture.SignInUrl(username);
        var login = await browser.GetAsync(url);
        var pendingId = login.Url.Split("signin=")[1].Split('&')[0];
        var posted = await browser.SubmitAsync(login, new Dictionary<string, string> { ["Username"] = username, ["Password"] = TelemetryServerFixture.Password });
        Assert.True(posted.Field("wresult") is not null, posted.Html);
        var sso = await browser.GetAsync(TelemetryServerFixture.SignInUrl(username).Url);
        Assert.True(sso.Field("wresult") is not null, sso.Html);

        var secrets = new List<string> { username, username.Split('@')[0], Uri.EscapeDataString(username), TelemetryServerFixture.Password, TelemetryServerFixture.ClientIp, pendingId };
        foreach (var page in new[] { posted, sso })
        {
            var rstr = WsFederationClient.ParseWresult(page);
            var ns = WsFederationClient.Namespaces(rstr);
            secrets.Add(((XmlElement)rstr.SelectSingleNode("//saml:Assertion", ns)!).GetAttribute("AssertionID"));
            secrets.Add(rstr.SelectSingleNode("//ds:SignatureValue", ns)!.InnerText.Trim()[..24]);
        }

        secrets.AddRange(browser.Cookies.GetAllCookies().Select(c => c.Value).Where(v => v.Length >= 16).Select(v => v[..16]));
        return (secrets, clientRequestId);
    }

    private static double Sum(IReadOnlyList<PrometheusSample> samples, string name, params (string Key, string Value)[] labels) =>
        samples.Where(s => s.Name == name && labels.All(l => s.Labels.TryGetValue(l.Key, out var v) && v == l.Value)).Sum(s => s.Value);

    private static bool Contains(byte[] haystack, ReadOnlySpan<byte> needle) => haystack.AsSpan().IndexOf(needle) >= 0;
}

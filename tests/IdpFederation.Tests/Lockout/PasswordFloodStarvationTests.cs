using System.Net;
using IdpFederation.Tests.Policies;
using IdpFederation.Tests.Server;
using Xunit.Abstractions;

namespace IdpFederation.Tests.Lockout;

/// <summary>
/// Password hashing runs with bounded concurrency, so a flood of password attempts queues behind the hashing gate
/// instead of taking every core: a user who already has a session still gets tokens. Only success is asserted; the
/// latency under load is measured by scripts/bench-flood.sh (docs/benchmarks.md).
/// </summary>
public sealed class PasswordFloodStarvationTests
{
    private const int FloodRequests = 200;
    private const int FloodConnections = 12;
    private readonly ITestOutputHelper _output;

    public PasswordFloodStarvationTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public async Task Under_a_flood_of_bad_passwords_every_SSO_token_request_succeeds()
    {
        var server = new PolicyServer("{}");
        try
        {
            await server.InitializeAsync();
            using var sso = server.NewBrowser("203.0.113.80");
            Assert.NotNull((await sso.SignInAsync("alice@contoso.com", PolicyServerFixture.Password)).Field("wresult"));

            var remaining = FloodRequests;
            var statuses = new System.Collections.Concurrent.ConcurrentBag<HttpStatusCode>();
            async Task FloodAsync(int worker)
            {
                // Each connection has its own cookies and antiforgery token, like separate attacking clients.
                using var attacker = server.NewBrowser($"198.51.100.{worker + 1}");
                var form = await attacker.GetAsync(WsFederationClient.SignInUrl("flood", "bob@contoso.com"));
                while (Interlocked.Decrement(ref remaining) >= 0)
                {
                    var page = await attacker.SubmitAsync(form, new Dictionary<string, string> { ["Username"] = "bob@contoso.com", ["Password"] = "wrong " + worker });
                    statuses.Add(page.Status);
                    if (page.Document.Forms.Length > 0)
                    {
                        form = page;
                    }
                }
            }

            var flood = Task.WhenAll(Enumerable.Range(0, FloodConnections).Select(FloodAsync));
            var tokens = 0;
            var failures = new List<string>();
            while (!flood.IsCompleted)
            {
                var page = await sso.GetAsync(WsFederationClient.SignInUrl("sso-" + tokens));
                tokens++;
                if (page.Status != HttpStatusCode.OK || page.Field("wresult") is null)
                {
                    failures.Add($"{page.Status} {page.Text("#error-code")}");
                }
            }

            await flood;
            var summary = string.Join(", ", statuses.GroupBy(s => s).Select(g => $"{(int)g.Key}×{g.Count()}"));
            _output.WriteLine($"{tokens} SSO token requests during {FloodRequests} bad-password POSTs over {FloodConnections} connections ({summary})");
            Assert.Empty(failures);
            Assert.True(tokens >= 5, $"only {tokens} token requests ran during the flood; the flood ended too soon to show anything");
            Assert.Equal(FloodRequests, statuses.Count);
            Assert.Contains(HttpStatusCode.OK, statuses);
        }
        finally
        {
            await server.DisposeAsync();
        }
    }
}

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
[Trait("Kind", "Integration")]
public sealed class PasswordFloodStarvationTests
{
    private const int SsoRequests = 10;
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

            // The flood runs until the SSO user has had all their tokens, so the two overlap by construction rather
            // than by how fast this machine happens to be.
            using var ssoDone = new CancellationTokenSource();
            var statuses = new System.Collections.Concurrent.ConcurrentBag<HttpStatusCode>();
            async Task FloodAsync(int worker)
            {
                // Each connection has its own cookies and antiforgery token, like separate attacking clients.
                using var attacker = server.NewBrowser($"198.51.100.{worker + 1}");
                var form = await attacker.GetAsync(WsFederationClient.SignInUrl("flood", "bob@contoso.com"));
                while (!ssoDone.IsCancellationRequested)
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
            var failures = new List<string>();
            // The flood is under way (a round of wrong passwords answered) before the SSO user starts.
            while (statuses.Count < FloodConnections && !flood.IsCompleted)
            {
                await Task.Delay(20);
            }

            for (var i = 0; i < SsoRequests; i++)
            {
                var page = await sso.GetAsync(WsFederationClient.SignInUrl("sso-" + i));
                if (page.Status != HttpStatusCode.OK || page.Field("wresult") is null)
                {
                    failures.Add($"{page.Status} {page.Text("#error-code")}");
                }
            }

            Assert.False(flood.IsCompleted, "the flood stopped before the SSO requests were done: " + flood.Exception);
            await ssoDone.CancelAsync();
            await flood;
            var summary = string.Join(", ", statuses.GroupBy(s => s).Select(g => $"{(int)g.Key}×{g.Count()}"));
            _output.WriteLine($"{SsoRequests} SSO token requests during {statuses.Count} bad-password POSTs over {FloodConnections} connections ({summary})");
            Assert.Empty(failures);
            Assert.Contains(HttpStatusCode.OK, statuses);
        }
        finally
        {
            await server.DisposeAsync();
        }
    }
}

using System.Net;
using IdpFederation.Tests.State;
using Xunit.Abstractions;

namespace IdpFederation.Tests.Flood;

/// <summary>
/// Issue 10 item 2: anonymous wsignin1.0 requests with a maximal wctx each used to store a 15-minute pending sign-in
/// (about 17 KB; 6,000 of them took 100 MB) with nothing to cap the count or the rate. Now one address gets
/// <see cref="PermitLimit"/> a window and then 429, and the pending sign-ins never exceed
/// <see cref="MaxPendingSignIns"/>: the ceilings below follow from those two numbers, not from timing.
/// </summary>
public abstract class SignInFloodTests(ITestOutputHelper output)
{
    protected const int PermitLimit = 50;
    protected const int MaxPendingSignIns = 1_000;
    protected const string Heavy = "198.51.100.10";
    protected const string Legitimate = "203.0.113.50";

    /// <summary>An in-memory pending sign-in with an 8,192-character wctx: 16 KB of string plus request and entry.</summary>
    protected const long PendingRecordBytes = 18 * 1024;

    /// <summary>
    /// What the process may grow by besides the records it holds: garbage the GC has not collected yet, buffers, pools.
    /// Measured at under 5 MB once a first wave has run; the flood's 6,000 records alone would take 100 MB without the cap.
    /// </summary>
    protected const long AllocatorSlack = 40L * 1024 * 1024;

    /// <summary>One heavy address, four more, and two addresses of one IPv6 /64 (one client, one limit): 6,000 requests.</summary>
    protected static readonly (string Address, int Count)[] Flood =
    [
        (Heavy, 5_000), ("198.51.100.11", 200), ("198.51.100.12", 200), ("198.51.100.13", 200), ("198.51.100.14", 200),
        ("2001:db8:7::1", 100), ("2001:db8:7::2", 100),
    ];

    /// <summary>Client sources in <see cref="Flood"/>: the IPv6 pair is one.</summary>
    protected const int FloodSources = 6;

    protected abstract bool UseRedis { get; }

    [StateFact]
    public async Task A_flood_of_anonymous_sign_ins_stays_under_the_ceilings_and_a_real_user_still_signs_in()
    {
        await using var server = await FloodServer.StartAsync(PermitLimit, TimeSpan.FromHours(1), MaxPendingSignIns, UseRedis);
        using var flood = new SignInFlood(server.BaseUrl);

        // A first wave warms every path the flood takes (JIT, pools, the error page) and lets the GC settle on the
        // heap size such a load needs; the ceiling is on what the second, measured wave adds.
        const int warmup = 3_000;
        await flood.RunAsync([("192.0.2.99", warmup)]);
        using (var warm = server.NewBrowser("192.0.2.98"))
        {
            Assert.NotNull((await warm.SignInAsync("bob@contoso.com", FloodServer.Password)).Field("wresult"));
        }

        var before = server.Process.ResidentBytes();

        var signedIn = false;
        var floodTask = flood.RunAsync(Flood, keepGoing: () => !Volatile.Read(ref signedIn));
        using var alice = server.NewBrowser(Legitimate);
        var page = await alice.SignInAsync("alice@contoso.com", FloodServer.Password);
        Volatile.Write(ref signedIn, true);
        await floodTask;

        var after = server.Process.ResidentBytes();
        output.WriteLine($"{flood.Total} flood requests; RSS {before / 1048576} MB -> {after / 1048576} MB");

        // The ceiling: at most MaxPendingSignIns records of at most PendingRecordBytes each, plus the allocator's slack.
        var ceiling = MaxPendingSignIns * PendingRecordBytes + AllocatorSlack;
        Assert.True(after - before <= ceiling, $"The server grew by {(after - before) / 1048576} MB; the ceiling is {ceiling / 1048576} MB.");

        if (UseRedis)
        {
            var (keys, bytes) = await server.RedisKeysAsync();
            output.WriteLine($"Redis: {keys} keys, {bytes / 1024} KB");
            // Pending records (at most the cap) and their index; one rate counter per client source (flood, warm-up,
            // the two users); the users' sessions, lockout counters and the Data Protection key ring.
            var keyCeiling = MaxPendingSignIns + 1 + (FloodSources + 3) + 16;
            Assert.True(keys <= keyCeiling, $"Redis holds {keys} keys under the server's prefix; the ceiling is {keyCeiling}.");
            // A record is at most 51 KB of JSON (an 8,192-character wctx escaped at six bytes a character), which
            // MEMORY USAGE counts as 57 KB after allocator rounding: 60 KB each, and 1 MB for everything else.
            var byteCeiling = MaxPendingSignIns * 60L * 1024 + 1024 * 1024;
            Assert.True(bytes <= byteCeiling, $"Redis holds {bytes / 1024} KB under the server's prefix; the ceiling is {byteCeiling / 1024} KB.");
        }

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.NotNull(page.Field("wresult"));

        foreach (var (address, _) in Flood.Take(5))
        {
            Assert.Equal(PermitLimit, flood.Count(address, HttpStatusCode.Found));
        }

        Assert.Equal(PermitLimit, flood.Count("2001:db8:7::1", HttpStatusCode.Found) + flood.Count("2001:db8:7::2", HttpStatusCode.Found));
        var refused = Flood.Sum(f => flood.Count(f.Address, HttpStatusCode.TooManyRequests));
        Assert.Equal(flood.Total - warmup - FloodSources * PermitLimit, refused);

        var (status, body, retryAfter) = await flood.SendAsync(Heavy, post: false);
        Assert.Equal(HttpStatusCode.TooManyRequests, status);
        Assert.Contains("IDPF1429", body, StringComparison.Ordinal);
        Assert.Equal("3600", retryAfter);
    }
}

[Trait("Kind", "Integration")]
public sealed class InMemorySignInFloodTests(ITestOutputHelper output) : SignInFloodTests(output)
{
    protected override bool UseRedis => false;
}

[Trait("Kind", "Integration")]
public sealed class RedisSignInFloodTests(ITestOutputHelper output) : SignInFloodTests(output), IRequiresRedis
{
    protected override bool UseRedis => true;
}

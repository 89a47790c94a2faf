using System.Collections.Concurrent;
using System.Net;
using IdpFederation.Tests.Server;

namespace IdpFederation.Tests.Flood;

/// <summary>
/// Anonymous wsignin1.0 requests with the longest wctx the server accepts, as fast as a few connections allow, each
/// from a chosen client address (X-Forwarded-For, believed because the test config trusts 127.0.0.1 as a proxy).
/// Half are GETs with a random base64url wctx (what Entra sends); half are POSTs whose wctx is all '&lt;', which JSON
/// stores as six bytes a character: the largest record a client can make Redis hold.
/// </summary>
public sealed class SignInFlood : IDisposable
{
    public const int MaxWctxLength = 8192;
    private static readonly string RandomWctx = RandomBase64Url(MaxWctxLength);
    private static readonly string EscapedWctx = new('<', MaxWctxLength);
    private readonly HttpClient _client;
    private readonly ConcurrentDictionary<(string Address, HttpStatusCode Status), int> _counts = new();

    public SignInFlood(string baseUrl)
    {
        _client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false, MaxConnectionsPerServer = 16 })
        {
            BaseAddress = new Uri(baseUrl),
            Timeout = TimeSpan.FromSeconds(60),
        };
    }

    /// <summary>How many requests from <paramref name="address"/> were answered with <paramref name="status"/>.</summary>
    public int Count(string address, HttpStatusCode status) => _counts.GetValueOrDefault((address, status));

    public int Total => _counts.Values.Sum();

    /// <summary>
    /// Sends <paramref name="requests"/> (address, count) with <paramref name="workers"/> requests in flight, and then
    /// keeps sending from the first address while <paramref name="keepGoing"/> says so, so whatever the test does
    /// meanwhile is sure to happen during the flood.
    /// </summary>
    public async Task RunAsync(IReadOnlyList<(string Address, int Count)> requests, Func<bool>? keepGoing = null, int workers = 8)
    {
        ArgumentNullException.ThrowIfNull(requests);
        var queue = new ConcurrentQueue<string>(requests.SelectMany(r => Enumerable.Repeat(r.Address, r.Count)));
        var sent = 0;
        await Task.WhenAll(Enumerable.Range(0, workers).Select(async _ =>
        {
            while (true)
            {
                if (!queue.TryDequeue(out var address))
                {
                    if (keepGoing?.Invoke() != true)
                    {
                        return;
                    }

                    address = requests[0].Address;
                }

                await SendAsync(address, Interlocked.Increment(ref sent) % 2 == 0).ConfigureAwait(false);
            }
        })).ConfigureAwait(false);
    }

    /// <summary>One flood request; the response is read to the end, as a browser would, and returned.</summary>
    public async Task<(HttpStatusCode Status, string Body, string? RetryAfter)> SendAsync(string address, bool post)
    {
        using var request = post
            ? new HttpRequestMessage(HttpMethod.Post, "/adfs/ls/")
            {
                Content = new FormUrlEncodedContent(new Dictionary<string, string>
                {
                    ["wa"] = "wsignin1.0", ["wtrealm"] = TestIdpEnvironment.AppRealm, ["wctx"] = EscapedWctx,
                }),
            }
            : new HttpRequestMessage(HttpMethod.Get,
                $"/adfs/ls/?wa=wsignin1.0&wtrealm={Uri.EscapeDataString(TestIdpEnvironment.AppRealm)}&wctx={RandomWctx}");
        request.Headers.Add("X-Forwarded-For", address);
        using var response = await _client.SendAsync(request).ConfigureAwait(false);
        var body = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
        _counts.AddOrUpdate((address, response.StatusCode), 1, (_, n) => n + 1);
        return (response.StatusCode, body, response.Headers.RetryAfter?.Delta?.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    private static string RandomBase64Url(int length)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        return new string(Enumerable.Range(0, length).Select(_ => alphabet[Random.Shared.Next(alphabet.Length)]).ToArray());
    }

    public void Dispose() => _client.Dispose();
}

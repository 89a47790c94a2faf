using System.Net;
using IdpFederation.Infrastructure.Provisioning.Graph;

namespace IdpFederation.Tests.Provisioning.Graph;

[Trait("Kind", "Unit")]
public sealed class GraphRetryHandlerTests
{
    [Fact]
    public async Task A_429_is_retried_after_its_Retry_After_and_counted_as_throttling()
    {
        var inner = new ScriptedHandler(Throttled(seconds: 0), Throttled(seconds: 0), new HttpResponseMessage(HttpStatusCode.OK));
        var traffic = new GraphTraffic();
        using var client = Client(inner, traffic);

        using var response = await client.PostAsync(new Uri("https://graph.test/v1.0/users"), new StringContent("{\"a\":1}"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(3, inner.Calls);
        Assert.Equal(2, traffic.Throttled);
        // The body goes again on each attempt.
        Assert.All(inner.Bodies, body => Assert.Equal("{\"a\":1}", body));
    }

    [Fact]
    public async Task A_503_is_retried_with_backoff_and_then_succeeds()
    {
        var inner = new ScriptedHandler(new HttpResponseMessage(HttpStatusCode.ServiceUnavailable), new HttpResponseMessage(HttpStatusCode.Created));
        var traffic = new GraphTraffic();
        using var client = Client(inner, traffic);

        using var response = await client.GetAsync(new Uri("https://graph.test/v1.0/users"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(1, traffic.ServerErrorRetries);
        Assert.Equal(0, traffic.Throttled);
    }

    [Fact]
    public async Task A_400_is_not_retried()
    {
        var inner = new ScriptedHandler(new HttpResponseMessage(HttpStatusCode.BadRequest), new HttpResponseMessage(HttpStatusCode.OK));
        using var client = Client(inner, new GraphTraffic());

        using var response = await client.GetAsync(new Uri("https://graph.test/v1.0/users"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(1, inner.Calls);
    }

    [Fact]
    public async Task Retries_stop_after_the_last_attempt_with_the_last_answer()
    {
        var inner = new ScriptedHandler(Enumerable.Range(0, 10).Select(_ => new HttpResponseMessage(HttpStatusCode.BadGateway)).ToArray());
        using var client = Client(inner, new GraphTraffic(), attempts: 2);

        using var response = await client.GetAsync(new Uri("https://graph.test/v1.0/users"));

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal(3, inner.Calls);
    }

    [Fact]
    public void Retry_After_is_read_as_seconds_or_a_date_and_bounded()
    {
        Assert.Equal(TimeSpan.FromSeconds(7), GraphRetryHandler.RetryAfter(Throttled(7)));
        Assert.Equal(TimeSpan.FromMinutes(5), GraphRetryHandler.RetryAfter(Throttled(86_400)));
        Assert.Null(GraphRetryHandler.RetryAfter(new HttpResponseMessage(HttpStatusCode.TooManyRequests)));
    }

    private static HttpClient Client(HttpMessageHandler inner, GraphTraffic traffic, int attempts = 6) =>
        new(new GraphRetryHandler(traffic, TimeProvider.System, attempts, TimeSpan.FromMilliseconds(5)) { InnerHandler = inner });

    private static HttpResponseMessage Throttled(int seconds)
    {
        var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromSeconds(seconds));
        return response;
    }

    private sealed class ScriptedHandler(params HttpResponseMessage[] responses) : HttpMessageHandler
    {
        private int _calls;

        public int Calls => _calls;

        public List<string> Bodies { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.Content is not null)
            {
                Bodies.Add(await request.Content.ReadAsStringAsync(cancellationToken));
            }

            return responses[Interlocked.Increment(ref _calls) - 1];
        }
    }
}

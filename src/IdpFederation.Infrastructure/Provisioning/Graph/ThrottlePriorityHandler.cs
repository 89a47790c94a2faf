namespace IdpFederation.Infrastructure.Provisioning.Graph;

/// <summary>
/// Marks every request with x-ms-throttle-priority, so that when the tenant nears its limits Graph throttles our bulk
/// syncs before anyone's interactive work ("Throttling priority" in Graph's throttling guidance): Low for full syncs and
/// imports, Normal for live changes a person is waiting for.
/// </summary>
internal sealed class ThrottlePriorityHandler(GraphPriority priority) : DelegatingHandler
{
    public const string Header = "x-ms-throttle-priority";

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.Remove(Header);
        request.Headers.TryAddWithoutValidation(Header, priority.ToString());
        return base.SendAsync(request, cancellationToken);
    }
}

public enum GraphPriority
{
    Low,
    Normal,
}

namespace IdpFederation.Server.Health;

public static class HealthTags
{
    /// <summary>The checks /health/ready runs.</summary>
    public const string Ready = "ready";

    /// <summary>
    /// On a check whose Degraded means this node cannot serve every user correctly (and another node might): then
    /// /health/ready answers 503 so the load balancer drains it. Without this tag Degraded is information, answered
    /// with 200: the node still serves correctly with its last good settings, and since every node reads the same
    /// files, draining it would take capacity away without fixing anything.
    /// </summary>
    public const string DrainWhenDegraded = "drain-when-degraded";
}

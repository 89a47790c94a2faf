namespace IdpFederation.Server.Health;

/// <summary>How much of a health report a caller may see.</summary>
public enum HealthView
{
    /// <summary>The overall status and the status code: what a load balancer needs, and all a stranger gets.</summary>
    StatusOnly,

    /// <summary>Every check's status and description: for the management listener or the holder of the details key.</summary>
    Details,

    /// <summary>A bearer key was sent and is wrong: 401, so a misconfigured monitor is noticed rather than fed less.</summary>
    Refused,
}

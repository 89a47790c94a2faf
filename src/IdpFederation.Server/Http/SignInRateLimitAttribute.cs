namespace IdpFederation.Server.Http;

/// <summary>
/// Endpoint metadata: requests to this endpoint count toward Idp:RateLimits:SignInPerIp. On a Razor page model it
/// marks the page's form posts (showing a page stores nothing, so GETs are free); on the WS-Fed endpoint every
/// request counts unless it carries a live session (<see cref="ExemptLiveSessions"/>).
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, Inherited = true)]
public sealed class SignInRateLimitAttribute : Attribute
{
    /// <summary>Count POSTs only.</summary>
    public bool PostsOnly { get; init; }

    /// <summary>
    /// A request whose session cookie names a live session is not counted: single sign-on stores nothing new, and
    /// the users of one corporate NAT address would otherwise share one budget for every application they open.
    /// </summary>
    public bool ExemptLiveSessions { get; init; }
}

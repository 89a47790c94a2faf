namespace IdpFederation.Core.Configuration;

public sealed class SessionOptions
{
    /// <summary>An idle session ends after this long.</summary>
    public TimeSpan SlidingExpiration { get; set; } = TimeSpan.FromHours(8);

    /// <summary>No session outlives this, however active, so a stolen cookie has a hard end.</summary>
    public TimeSpan AbsoluteExpiration { get; set; } = TimeSpan.FromHours(24);

    public string CookieName { get; set; } = "idpfed.session";

    /// <summary>
    /// How long single sign-on may reuse a read of the user's record (enabled flag, ImmutableID) instead of asking the
    /// database on every token. Short, because a change made elsewhere (the CLI) is unseen for this long.
    /// </summary>
    public TimeSpan UserCacheDuration { get; set; } = TimeSpan.FromSeconds(5);
}

using IdpFederation.Core.Configuration;
using IdpFederation.Core.Sessions;
using Microsoft.Extensions.Options;

namespace IdpFederation.Server.Sessions;

/// <summary>The cookie holds only the opaque session ID; everything else lives in <see cref="ISessionStore"/>.</summary>
public sealed class SessionCookie
{
    private readonly IOptionsMonitor<IdpOptions> _options;
    private readonly ISessionStore _store;

    public SessionCookie(IOptionsMonitor<IdpOptions> options, ISessionStore store)
    {
        _options = options;
        _store = store;
    }

    private string Name => _options.CurrentValue.Session.CookieName;

    public string? ReadId(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var value = context.Request.Cookies[Name];
        return SessionIds.IsWellFormed(value) ? value : null;
    }

    /// <summary>
    /// The live session the request's cookie names, looked up once per request: the sign-in rate limit asks first
    /// (a live session is not counted), and the endpoint then gets the same answer without a second store round trip.
    /// Writing or deleting the cookie forgets the answer.
    /// </summary>
    public async Task<SsoSession?> GetSessionAsync(HttpContext context)
    {
        var id = ReadId(context);
        if (id is null)
        {
            return null;
        }

        if (context.Items[LookupKey] is Lookup { } earlier && string.Equals(earlier.Id, id, StringComparison.Ordinal))
        {
            return earlier.Session;
        }

        var session = await _store.GetAndTouchAsync(id, context.RequestAborted).ConfigureAwait(false);
        context.Items[LookupKey] = new Lookup(id, session);
        return session;
    }

    private const string LookupKey = "idpfed.session-lookup";

    private sealed record Lookup(string Id, SsoSession? Session);

    public void Write(HttpContext context, string sessionId)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Items.Remove(LookupKey);
        // No Expires: the browser drops it on close; the server enforces sliding and absolute limits either way.
        context.Response.Cookies.Append(Name, sessionId, new CookieOptions
        {
            HttpOnly = true,
            Secure = context.Request.IsHttps,
            SameSite = SameSiteMode.Lax,
            Path = "/",
            IsEssential = true,
        });
    }

    public void Delete(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Items.Remove(LookupKey);
        context.Response.Cookies.Delete(Name, new CookieOptions { Path = "/", Secure = context.Request.IsHttps, SameSite = SameSiteMode.Lax, HttpOnly = true });
    }
}

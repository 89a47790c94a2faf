using IdpFederation.Core.Configuration;
using Microsoft.Extensions.Options;

namespace IdpFederation.Server.Mfa;

/// <summary>The persistent "remember this device" cookie; its value is an opaque RememberedDeviceTokens token.</summary>
public sealed class RememberDeviceCookie
{
    private readonly IOptionsMonitor<IdpOptions> _options;
    private readonly TimeProvider _time;

    public RememberDeviceCookie(IOptionsMonitor<IdpOptions> options, TimeProvider time)
    {
        _options = options;
        _time = time;
    }

    private string Name => _options.CurrentValue.Mfa.RememberDeviceCookieName;

    public string? Read(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Request.Cookies[Name];
    }

    public void Write(HttpContext context, string token, int days)
    {
        ArgumentNullException.ThrowIfNull(context);
        // Unlike the session cookie it must survive a browser restart; that is its whole point.
        context.Response.Cookies.Append(Name, token, new CookieOptions
        {
            HttpOnly = true,
            Secure = context.Request.IsHttps,
            SameSite = SameSiteMode.Lax,
            Path = "/",
            IsEssential = true,
            Expires = _time.GetUtcNow().AddDays(days),
        });
    }
}

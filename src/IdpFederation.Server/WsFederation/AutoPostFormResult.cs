using System.Text;
using System.Text.Encodings.Web;
using IdpFederation.Core.WsFederation;
using IdpFederation.Protocols.WsFederation;
using IdpFederation.Server.Http;

namespace IdpFederation.Server.WsFederation;

/// <summary>
/// The page that carries the token to the relying party (spec §1.2): posts itself with script, and offers a button
/// when script is off.
/// </summary>
public sealed class AutoPostFormResult : IResult
{
    private readonly WsFederationSignInResponse _response;

    public AutoPostFormResult(WsFederationSignInResponse response) => _response = response;

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var nonce = SecurityHeadersMiddleware.GetNonce(httpContext);
        var replyOrigin = new Uri(_response.ReplyUrl).GetLeftPart(UriPartial.Authority);
        httpContext.Response.StatusCode = StatusCodes.Status200OK;
        httpContext.Response.ContentType = "text/html; charset=utf-8";
        httpContext.Response.Headers.ContentSecurityPolicy = SecurityHeadersMiddleware.ContentSecurityPolicy(nonce, replyOrigin);
        httpContext.Response.Headers.CacheControl = "no-store";

        var html = HtmlEncoder.Default;
        var page = new StringBuilder(_response.Result.Length + 2048);
        page.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Signing in…</title></head><body>")
            .Append("<form method=\"post\" name=\"hiddenform\" action=\"").Append(html.Encode(_response.ReplyUrl)).Append("\">")
            .Append("<input type=\"hidden\" name=\"wa\" value=\"").Append(WsFederationConstants.Actions.SignIn).Append("\">")
            .Append("<input type=\"hidden\" name=\"wresult\" value=\"").Append(html.Encode(_response.Result)).Append("\">");
        if (_response.Context is not null)
        {
            page.Append("<input type=\"hidden\" name=\"wctx\" value=\"").Append(html.Encode(_response.Context)).Append("\">");
        }

        page.Append("<noscript><p>Script is disabled. Select Continue to finish signing in.</p><button type=\"submit\">Continue</button></noscript>")
            .Append("</form><script nonce=\"").Append(nonce).Append("\">document.forms[0].submit();</script></body></html>");
        await httpContext.Response.WriteAsync(page.ToString(), httpContext.RequestAborted).ConfigureAwait(false);
    }
}

using System.Net;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using IdpFederation.Tests.Server;

namespace IdpFederation.Tests.Policies;

/// <summary>
/// A cookie-keeping browser (like <see cref="BrowserClient"/>) that appears to come from <c>clientIp</c>: every
/// request carries X-Forwarded-For, which the server believes because the test config trusts 127.0.0.1 as a proxy.
/// </summary>
public sealed class ForwardedBrowser : IDisposable
{
    private readonly HttpClient _client;

    public ForwardedBrowser(string baseUrl, string? clientIp)
    {
        Cookies = new CookieContainer();
        _client = new HttpClient(new HttpClientHandler { CookieContainer = Cookies, AllowAutoRedirect = false, UseCookies = true })
        {
            BaseAddress = new Uri(baseUrl),
            Timeout = TimeSpan.FromSeconds(60),
        };
        if (clientIp is not null)
        {
            _client.DefaultRequestHeaders.Add("X-Forwarded-For", clientIp);
        }
    }

    public CookieContainer Cookies { get; }

    public async Task<Page> GetAsync(string url)
    {
        var response = await _client.GetAsync(url).ConfigureAwait(false);
        return await FinishAsync(response).ConfigureAwait(false);
    }

    public async Task<Page> SubmitAsync(Page page, IDictionary<string, string> values)
    {
        var form = page.Document.Forms.FirstOrDefault() ?? throw new InvalidOperationException("No form on page:\n" + page.Html);
        var fields = form.Elements.OfType<IHtmlInputElement>()
            .Where(i => !string.IsNullOrEmpty(i.Name) && i.Type != "submit")
            .ToDictionary(i => i.Name!, i => i.Value);
        foreach (var (key, value) in values)
        {
            fields[key] = value;
        }

        var action = string.IsNullOrEmpty(form.GetAttribute("action")) ? page.Url : form.GetAttribute("action")!;
        using var content = new FormUrlEncodedContent(fields);
        var response = await _client.PostAsync(action, content).ConfigureAwait(false);
        return await FinishAsync(response).ConfigureAwait(false);
    }

    /// <summary>Entra's redirect, the login form, the password: ends on the auto-post page or whatever refused it.</summary>
    public async Task<Page> SignInAsync(string username, string password, string wctx = "ctx")
    {
        var login = await GetAsync(WsFederationClient.SignInUrl(wctx, username)).ConfigureAwait(false);
        if (login.Document.QuerySelector("input[name='Password']") is null)
        {
            throw new InvalidOperationException("Expected the login form, got:\n" + login.Html);
        }

        return await SubmitAsync(login, new Dictionary<string, string> { ["Username"] = username, ["Password"] = password }).ConfigureAwait(false);
    }

    private async Task<Page> FinishAsync(HttpResponseMessage response)
    {
        var hops = 0;
        while ((int)response.StatusCode is >= 300 and < 400 && hops++ < 10)
        {
            var location = response.Headers.Location!;
            var next = location.IsAbsoluteUri ? location : new Uri(_client.BaseAddress!, location);
            response.Dispose();
            response = await _client.GetAsync(next).ConfigureAwait(false);
        }

        using (response)
        {
            var html = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
            var document = new HtmlParser().ParseDocument(html);
            return new Page(response.StatusCode, html, document, response.RequestMessage!.RequestUri!.PathAndQuery, response.Headers.Location,
                response.Headers.ToDictionary(h => h.Key, h => string.Join(",", h.Value), StringComparer.OrdinalIgnoreCase));
        }
    }

    public void Dispose() => _client.Dispose();
}

internal static class TokenClaims
{
    public const string CorporateNetworkNamespace = "http://schemas.microsoft.com/ws/2012/01";

    /// <summary>The insidecorporatenetwork attribute value of the token on an auto-post page.</summary>
    public static string? InsideCorporateNetwork(Page autoPost)
    {
        var rstr = WsFederationClient.ParseWresult(autoPost);
        var ns = WsFederationClient.Namespaces(rstr);
        return rstr.SelectSingleNode(
            $"//saml:AttributeStatement/saml:Attribute[@AttributeName='insidecorporatenetwork' and @AttributeNamespace='{CorporateNetworkNamespace}']/saml:AttributeValue",
            ns)?.InnerText;
    }
}

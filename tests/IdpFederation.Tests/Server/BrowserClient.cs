using System.Net;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;

namespace IdpFederation.Tests.Server;

/// <summary>Behaves like a browser without script: keeps cookies, follows redirects on request, submits forms.</summary>
public sealed class BrowserClient : IDisposable
{
    private readonly HttpClient _client;

    public BrowserClient(string baseUrl)
    {
        Cookies = new CookieContainer();
        _client = new HttpClient(new HttpClientHandler { CookieContainer = Cookies, AllowAutoRedirect = false, UseCookies = true })
        {
            BaseAddress = new Uri(baseUrl),
        };
    }

    public CookieContainer Cookies { get; }

    public async Task<Page> GetAsync(string url, bool followRedirects = true)
    {
        var response = await _client.GetAsync(url).ConfigureAwait(false);
        return await FinishAsync(response, followRedirects).ConfigureAwait(false);
    }

    public async Task<Page> PostFormAsync(string url, IEnumerable<KeyValuePair<string, string>> fields, bool followRedirects = true)
    {
        using var content = new FormUrlEncodedContent(fields);
        var response = await _client.PostAsync(url, content).ConfigureAwait(false);
        return await FinishAsync(response, followRedirects).ConfigureAwait(false);
    }

    /// <summary>Submits the page's first form with its own fields (hidden ones included) overridden by <paramref name="values"/>.</summary>
    public Task<Page> SubmitAsync(Page page, IDictionary<string, string> values, bool followRedirects = true)
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
        return PostFormAsync(action, fields, followRedirects);
    }

    private async Task<Page> FinishAsync(HttpResponseMessage response, bool followRedirects)
    {
        var hops = 0;
        while (followRedirects && (int)response.StatusCode is >= 300 and < 400 && hops++ < 10)
        {
            var location = response.Headers.Location!;
            var next = location.IsAbsoluteUri ? location : new Uri(_client.BaseAddress!, location);
            response.Dispose();
            if (next.Host != _client.BaseAddress!.Host || next.Port != _client.BaseAddress.Port)
            {
                throw new InvalidOperationException("Redirect left the IdP: " + next);
            }

            response = await _client.GetAsync(next).ConfigureAwait(false);
        }

        using (response)
        {
            var html = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
            var document = new HtmlParser().ParseDocument(html);
            var url = response.RequestMessage!.RequestUri!.PathAndQuery;
            return new Page(response.StatusCode, html, document, url, response.Headers.Location,
                response.Headers.ToDictionary(h => h.Key, h => string.Join(",", h.Value), StringComparer.OrdinalIgnoreCase));
        }
    }

    public void Dispose() => _client.Dispose();
}

public sealed record Page(HttpStatusCode Status, string Html, IHtmlDocument Document, string Url, Uri? Location, IReadOnlyDictionary<string, string> Headers)
{
    public string? Field(string name) => Document.QuerySelector($"input[name='{name}']")?.GetAttribute("value");

    public string? Text(string selector) => Document.QuerySelector(selector)?.TextContent.Trim();
}

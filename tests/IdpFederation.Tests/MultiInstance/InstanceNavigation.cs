using IdpFederation.Tests.Server;
using AngleSharp.Html.Dom;

namespace IdpFederation.Tests.MultiInstance;

/// <summary>
/// Drives one <see cref="BrowserClient"/> (one cookie jar: cookies are not port-scoped) against a chosen instance.
/// The client resolves relative redirects and form actions against its own base URL, so here every hop is made
/// absolute on the instance the test names, as a load balancer that pins nothing would route it.
/// </summary>
internal static class InstanceNavigation
{
    public static async Task<Page> GetAsync(BrowserClient browser, string instance, string pathAndQuery, bool followRedirects = true)
    {
        var page = await browser.GetAsync(instance + pathAndQuery, followRedirects: false);
        return followRedirects ? await FollowAsync(browser, instance, page) : page;
    }

    /// <summary>Submits the page's first form (hidden fields included) to <paramref name="instance"/>.</summary>
    public static async Task<Page> SubmitAsync(BrowserClient browser, string instance, Page page, IDictionary<string, string> values)
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
        var posted = await browser.PostFormAsync(instance + action, fields, followRedirects: false);
        return await FollowAsync(browser, instance, posted);
    }

    public static Task<Page> LoginAsync(BrowserClient browser, string instance, Page loginPage, string username, string password) =>
        SubmitAsync(browser, instance, loginPage, new Dictionary<string, string> { ["Username"] = username, ["Password"] = password });

    private static async Task<Page> FollowAsync(BrowserClient browser, string instance, Page page)
    {
        for (var hops = 0; (int)page.Status is >= 300 and < 400 && hops < 10; hops++)
        {
            var location = page.Location!;
            Assert.False(location.IsAbsoluteUri, "Redirect left the IdP: " + location);
            page = await browser.GetAsync(instance + location.OriginalString, followRedirects: false);
        }

        return page;
    }
}

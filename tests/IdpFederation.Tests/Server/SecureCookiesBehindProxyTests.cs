using System.Net;
using System.Text.RegularExpressions;

namespace IdpFederation.Tests.Server;

/// <summary>
/// Behind a TLS-terminating proxy the server may see plain HTTP while the browser speaks HTTPS. With an https
/// PublicBaseUrl every cookie is Secure and HSTS is sent whatever the hop says; with an http one (development) neither.
/// </summary>
[Trait("Kind", "Integration")]
public sealed partial class SecureCookiesBehindProxyTests
{
    [Theory]
    [InlineData("https://sts.contoso.test", true)]
    [InlineData(null, false)]
    public async Task Cookies_and_hsts_follow_the_public_url_not_the_hop(string? publicBaseUrl, bool secure)
    {
        using var environment = new TestIdpEnvironment(config =>
        {
            if (publicBaseUrl is not null)
            {
                config["Idp"]!["PublicBaseUrl"] = publicBaseUrl;
            }
        });
        await using (var directory = await TestDirectory.OpenAsync(environment))
        {
            await directory.AddUserAsync("alice@contoso.com", IdpServerFixture.Password);
        }

        await using var server = await IdpServerProcess.StartAsync(environment);
        // No cookie jar: a client on http would not send Secure cookies back, so this one carries them by hand.
        using var http = new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = new Uri(environment.BaseUrl) };

        using var start = await http.GetAsync(WsFederationClient.SignInUrl());
        var location = start.Headers.Location!;
        var login = location.IsAbsoluteUri ? location.PathAndQuery : location.OriginalString;
        using var form = await http.GetAsync(login);
        var antiforgery = Assert.Single(SetCookies(form), c => c.StartsWith("idpfed.af=", StringComparison.Ordinal));
        var token = AntiforgeryToken().Match(await form.Content.ReadAsStringAsync()).Groups[1].Value;

        using var post = new HttpRequestMessage(HttpMethod.Post, login)
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token),
                ["Username"] = "alice@contoso.com",
                ["Password"] = IdpServerFixture.Password,
            }),
        };
        post.Headers.Add("Cookie", antiforgery.Split(';')[0]);
        using var signedIn = await http.SendAsync(post);
        var session = Assert.Single(SetCookies(signedIn), c => c.StartsWith("idpfed.session=", StringComparison.Ordinal));

        Assert.Equal(secure, IsSecure(antiforgery));
        Assert.Equal(secure, IsSecure(session));
        Assert.Equal(secure, form.Headers.Contains("Strict-Transport-Security"));
        Assert.Equal(secure, signedIn.Headers.Contains("Strict-Transport-Security"));
    }

    private static IEnumerable<string> SetCookies(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var values) ? values : [];

    private static bool IsSecure(string setCookie) =>
        setCookie.Split(';').Any(part => part.Trim().Equals("secure", StringComparison.OrdinalIgnoreCase));

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]*)\"")]
    private static partial Regex AntiforgeryToken();
}

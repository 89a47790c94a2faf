using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using AngleSharp.Html.Parser;
using IdpFederation.Server.Http;

namespace IdpFederation.Tests.Server;

/// <summary>
/// A body over the server's cap gets 413 and the branded page with IDPF1413, whether it declares its length or comes
/// chunked, on every page that takes a POST; before, a 25 MB login POST failed in form parsing as IDPF9000 with 400.
/// </summary>
[Trait("Kind", "Integration")]
public sealed class RequestBodyLimitTests : IClassFixture<IdpServerFixture>
{
    private static readonly string[] Paths = ["/login?signin=abc", "/adfs/ls/", "/mfa?signin=abc", "/mfa/enroll?signin=abc"];

    private readonly IdpServerFixture _idp;

    public RequestBodyLimitTests(IdpServerFixture idp) => _idp = idp;

    [Theory]
    [MemberData(nameof(PathsAndModes))]
    public async Task An_oversized_body_gets_413_and_its_own_code(string path, bool chunked)
    {
        using var client = new HttpClient { BaseAddress = new Uri(_idp.BaseUrl) };
        using var content = new ByteArrayContent(Encoding.ASCII.GetBytes("x=" + new string('a', (int)RequestBodyLimit.MaxBytes * 2)));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-www-form-urlencoded");
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
        if (chunked)
        {
            request.Headers.TransferEncodingChunked = true;
            content.Headers.ContentLength = null;
        }

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("IDPF1413", await ErrorCodeAsync(response));
    }

    public static TheoryData<string, bool> PathsAndModes()
    {
        var data = new TheoryData<string, bool>();
        foreach (var path in Paths)
        {
            data.Add(path, false);
            data.Add(path, true);
        }

        return data;
    }

    [Fact]
    public async Task A_declared_25_MB_body_is_refused_before_it_is_sent()
    {
        // Only the headers go out: the answer must come without the server waiting for (or buffering) 25 MB.
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, new Uri(_idp.BaseUrl).Port);
        var stream = tcp.GetStream();
        var head = $"POST /login?signin=abc HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {25 * 1024 * 1024}\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
        using var reader = new StreamReader(stream, Encoding.ASCII);
        var statusLine = await reader.ReadLineAsync();

        Assert.StartsWith("HTTP/1.1 413", statusLine, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_normal_post_still_reaches_the_page()
    {
        using var browser = _idp.NewBrowser();
        var login = await browser.GetAsync(WsFederationClient.SignInUrl());
        var page = await WsFederationClient.LoginAsync(browser, login, "alice@contoso.com", IdpServerFixture.Password);
        Assert.NotNull(page.Field("wresult"));
    }

    private static async Task<string?> ErrorCodeAsync(HttpResponseMessage response)
    {
        var document = await new HtmlParser().ParseDocumentAsync(await response.Content.ReadAsStringAsync());
        return document.QuerySelector("#error-code")?.TextContent.Trim();
    }
}

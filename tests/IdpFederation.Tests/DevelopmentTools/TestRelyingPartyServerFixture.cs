using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using IdpFederation.Tests.Server;

namespace IdpFederation.Tests.DevelopmentTools;

/// <summary>
/// The real server in Development (so the test relying party is on by default) with ASP.NET Core logging at Trace,
/// where MVC would write handler arguments: the tests can then show that no part of a token reaches the log.
/// </summary>
public sealed class TestRelyingPartyServerFixture : IAsyncLifetime
{
    public const string AliceImmutableId = "AbCdEf0123456789+/xyz==";

    public TestIdpEnvironment Environment { get; } = new(config =>
        config["Logging"]!["LogLevel"]!["Microsoft.AspNetCore"] = "Trace");

    public IdpServerProcess Server { get; private set; } = null!;
    public TestDirectory Directory { get; private set; } = null!;
    public string BaseUrl => Environment.BaseUrl;

    /// <summary>The development certificate the server generated on first start (public part).</summary>
    public X509Certificate2 SigningCertificate { get; private set; } = null!;

    public BrowserClient NewBrowser() => new(BaseUrl);

    public async Task InitializeAsync()
    {
        Directory = await TestDirectory.OpenAsync(Environment);
        await Directory.AddUserAsync("alice@contoso.com", IdpServerFixture.Password, AliceImmutableId);
        await Directory.AddUserAsync("bob@fabrikam.com", IdpServerFixture.Password);
        await Directory.AddUserAsync("carol@eu.contoso.com", IdpServerFixture.Password);
        Server = await IdpServerProcess.StartAsync(Environment);
        using var withKey = X509CertificateLoader.LoadPkcs12FromFile(Path.Combine(Environment.DataDirectory, "dev-signing.pfx"), null);
        SigningCertificate = X509CertificateLoader.LoadCertificate(withKey.RawData);
    }

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        await Directory.DisposeAsync();
        SigningCertificate?.Dispose();
        Environment.Dispose();
    }
}

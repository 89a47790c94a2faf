using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;

namespace IdpFederation.Tests.Server;

/// <summary>One running server with a seeded directory, shared by the tests of a class.</summary>
public class IdpServerFixture : IAsyncLifetime
{
    public const string Password = "Correct horse battery 1!";
    public const string AliceImmutableId = "AbCdEf0123456789+/xyz==";

    public IdpServerFixture()
        : this(configure: null)
    {
    }

    /// <param name="configure">Changes to the test configuration, for fixtures that need a variant of it.</param>
    protected IdpServerFixture(Action<JsonObject>? configure) => Environment = new TestIdpEnvironment(configure);

    public TestIdpEnvironment Environment { get; }
    public IdpServerProcess Server { get; private set; } = null!;
    public TestDirectory Directory { get; private set; } = null!;

    public string BaseUrl => Environment.BaseUrl;

    /// <summary>The development certificate the server generated on first start (public part).</summary>
    public X509Certificate2 SigningCertificate { get; private set; } = null!;

    public BrowserClient NewBrowser() => new(BaseUrl);

    public async Task InitializeAsync()
    {
        Directory = await TestDirectory.OpenAsync(Environment);
        await Directory.AddUserAsync("alice@contoso.com", Password, AliceImmutableId);
        await Directory.AddUserAsync("bob@fabrikam.com", Password);
        await Directory.AddUserAsync("carol@eu.contoso.com", Password);
        await Directory.AddUserAsync("dave@contoso.com", Password);
        await Directory.Users.SetEnabledAsync("dave@contoso.com", false);
        Server = await IdpServerProcess.StartAsync(Environment);
        var pfx = Path.Combine(Environment.DataDirectory, "dev-signing.pfx");
        using var withKey = X509CertificateLoader.LoadPkcs12FromFile(pfx, null);
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

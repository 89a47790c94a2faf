using System.Text.Json.Nodes;
using IdpFederation.Core.Mfa;
using IdpFederation.Tests.Server;
using Microsoft.Extensions.DependencyInjection;

namespace IdpFederation.Tests.Mfa;

/// <summary>
/// A real server (child process) whose policy requires MFA for the "staff" role, and for "travellers" with remembered
/// devices allowed for 30 days; three wrong codes lock MFA. Each test makes its own user, because used time steps and
/// wrong-code counts are per user.
/// </summary>
public class MfaServerFixture : IAsyncLifetime, IAsyncDisposable
{
    public const string Organization = "Contoso Ltd";

    public const string Policy = """
        {
          "rules": [
            { "name": "MFA for staff", "action": "requireMfa", "conditions": { "roles": ["staff"] } },
            { "name": "MFA for travellers", "action": "requireMfa", "conditions": { "roles": ["travellers"] }, "rememberDeviceDays": 30 }
          ],
          "lockout": { "mfaThreshold": 3 }
        }
        """;

    private readonly string? _mfaLifetime;

    public MfaServerFixture()
        : this(null)
    {
    }

    protected MfaServerFixture(string? mfaLifetime) => _mfaLifetime = mfaLifetime;

    public TestIdpEnvironment Environment { get; private set; } = null!;
    public IdpServerProcess Server { get; private set; } = null!;
    public TestDirectory Directory { get; private set; } = null!;
    public string BaseUrl => Environment.BaseUrl;

    public BrowserClient NewBrowser() => new(BaseUrl);

    /// <summary>The public part of the development certificate the server generated on first start.</summary>
    public System.Security.Cryptography.X509Certificates.X509Certificate2 SigningCertificate()
    {
        using var withKey = System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadPkcs12FromFile(
            Path.Combine(Environment.DataDirectory, "dev-signing.pfx"), null);
        return System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadCertificate(withKey.RawData);
    }

    /// <summary>A new user in the given roles, with the fixture's password.</summary>
    public async Task<string> NewUserAsync(params string[] roles)
    {
        var upn = "u" + Guid.NewGuid().ToString("N")[..10] + "@contoso.com";
        await Directory.AddUserAsync(upn, IdpServerFixture.Password);
        foreach (var role in roles)
        {
            await Directory.Users.AddRoleMemberAsync(role, upn);
        }

        return upn;
    }

    public async Task<MfaEnrollment?> EnrollmentAsync(string upn)
    {
        var user = await Directory.Users.FindByUpnAsync(upn) ?? throw new InvalidOperationException(upn + " does not exist");
        return await Directory.Services.GetRequiredService<IMfaEnrollmentStore>().GetAsync(user.Id);
    }

    public async Task InitializeAsync()
    {
        Environment = new TestIdpEnvironment(config =>
        {
            config["Idp"]!["Branding"] = new JsonObject { ["OrganizationName"] = Organization };

            // No user or enrolment caching, so an administrator's change is seen by the very next request.
            config["Idp"]!["Session"] = new JsonObject { ["UserCacheDuration"] = "00:00:00" };
            if (_mfaLifetime is not null)
            {
                config["Idp"]!["Mfa"] = new JsonObject { ["Lifetime"] = _mfaLifetime };
            }
        });
        await File.WriteAllTextAsync(Path.Combine(Environment.ConfigDirectory, "policies.json"), Policy);
        Directory = await TestDirectory.OpenAsync(Environment);
        Server = await IdpServerProcess.StartAsync(Environment);
    }

    /// <summary>Starts the server again on the same configuration and data (after <c>Server.DisposeAsync()</c>).</summary>
    /// <param name="waitForReady">False when the restart is expected to leave the server not ready.</param>
    public async Task RestartServerAsync(bool waitForReady = true) =>
        Server = await IdpServerProcess.StartAsync(Environment, waitForReady: waitForReady);

    public async Task DisposeAsync()
    {
        if (Server is not null)
        {
            await Server.DisposeAsync();
        }

        if (Directory is not null)
        {
            await Directory.DisposeAsync();
        }

        Environment?.Dispose();
    }

    async ValueTask IAsyncDisposable.DisposeAsync() => await DisposeAsync();
}

/// <summary>The same server with an MFA lifetime of three seconds, for the expiry test.</summary>
public sealed class ShortMfaLifetimeServerFixture : MfaServerFixture
{
    public ShortMfaLifetimeServerFixture()
        // Long enough that enrolment's last step lands inside it on a busy machine; the test waits it out by polling.
        : base("00:00:15")
    {
    }
}

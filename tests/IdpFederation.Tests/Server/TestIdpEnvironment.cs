using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace IdpFederation.Tests.Server;

/// <summary>A throwaway config directory and data directory for one server (or one CLI run).</summary>
public sealed class TestIdpEnvironment : IDisposable
{
    public const string AppRealm = "https://app.example.test/";
    public const string AppReply = "https://app.example.test/signin-wsfed";
    public const string AppSecondReply = "https://app.example.test/other";

    public TestIdpEnvironment(Action<JsonObject>? configure = null)
    {
        Root = Path.Combine(Path.GetTempPath(), "idpfed-test-" + Guid.NewGuid().ToString("N")[..12]);
        ConfigDirectory = Path.Combine(Root, "config");
        DataDirectory = Path.Combine(Root, "data");
        System.IO.Directory.CreateDirectory(ConfigDirectory);
        Port = FreePort();
        BaseUrl = $"http://127.0.0.1:{Port}";
        ManagementUrl = $"http://127.0.0.1:{FreePort()}";
        Config = DefaultConfig(BaseUrl, DataDirectory);
        configure?.Invoke(Config);
        WriteConfig();
    }

    public string Root { get; }
    public string ConfigDirectory { get; }
    public string DataDirectory { get; }
    public int Port { get; }
    public string BaseUrl { get; }

    /// <summary>
    /// The health management listener (Idp:Health:ManagementUrl) of the server on <see cref="BaseUrl"/>, where tests
    /// read the checks' descriptions; anonymous callers on the public URL get the status only.
    /// </summary>
    public string ManagementUrl { get; }
    public JsonObject Config { get; }

    public JsonObject Idp => Config["Idp"]!.AsObject();

    public void WriteConfig() =>
        File.WriteAllText(Path.Combine(ConfigDirectory, "idpfederation.json"), Config.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));

    private static readonly HashSet<int> HandedOut = [];

    /// <summary>
    /// A port free now, and never handed out before in this test run: the OS may offer a just-released port again,
    /// and two servers started in parallel on one port would leave one test talking to the other's server.
    /// </summary>
    public static int FreePort()
    {
        while (true)
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            lock (HandedOut)
            {
                if (HandedOut.Add(port))
                {
                    return port;
                }
            }
        }
    }

    private static JsonObject DefaultConfig(string baseUrl, string dataDirectory) => new()
    {
        ["Logging"] = new JsonObject { ["LogLevel"] = new JsonObject { ["Default"] = "Warning", ["IdpFederation"] = "Information" } },
        ["Idp"] = new JsonObject
        {
            ["PublicBaseUrl"] = baseUrl,
            ["DataDirectory"] = dataDirectory,
            ["PrincipalNameSuffix"] = "contoso.com",
            ["Domains"] = new JsonArray(
                new JsonObject { ["Name"] = "contoso.com" },
                new JsonObject { ["Name"] = "fabrikam.com", ["IssuerUri"] = "http://fabrikam.com/adfs/services/trust/" }),
            ["RelyingParties"] = new JsonArray(new JsonObject
            {
                ["Realm"] = AppRealm,
                ["DisplayName"] = "Example App",
                ["ReplyUrls"] = new JsonArray(AppReply, AppSecondReply),
            }),
            ["Branding"] = new JsonObject { ["OrganizationName"] = "Contoso Test", ["PrimaryColor"] = "#123456" },
            // Fast hashing keeps tests quick; production keeps the 210,000 default.
            ["PasswordHashing"] = new JsonObject { ["Iterations"] = 100_000 },
            // Tests change users behind the server's back and expect the very next request to see it.
            ["Session"] = new JsonObject { ["UserCacheDuration"] = "00:00:00" },
            // Every test client comes from 127.0.0.1 and some send hundreds of sign-ins a minute; the flood tests set
            // the limit they test.
            ["RateLimits"] = new JsonObject { ["SignInPerIp"] = new JsonObject { ["PermitLimit"] = 1_000_000 } },
        },
    };

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A child process may still hold a file for a moment; the temp directory is cleaned by the OS later.
        }
    }
}

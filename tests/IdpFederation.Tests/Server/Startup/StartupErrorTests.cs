using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace IdpFederation.Tests.Server.Startup;

/// <summary>
/// The real server, started on mistakes a person makes when deploying it: it must exit 1 with one line on stderr that
/// names what to change (the address and its setting, the certificate setting and file, the file, line and column),
/// and no stack trace anywhere.
/// </summary>
[Trait("Kind", "Integration")]
public sealed partial class StartupErrorTests
{
    /// <summary>Generous: the machine running the suite may be busy; a refusal normally comes within seconds.</summary>
    private static readonly TimeSpan ExitWithin = TimeSpan.FromSeconds(120);

    /// <summary>A syntax error (the second comma) at line 3, column 39, in a file of any of the three kinds.</summary>
    private const string BrokenJson = "{\n  \"rules\": [\n    { \"name\": \"r\", \"action\": \"deny\" },,\n  ]\n}\n";


    [Fact]
    public async Task A_listen_address_in_use_is_one_line_naming_the_address_and_the_setting()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var address = $"http://127.0.0.1:{((IPEndPoint)taken.LocalEndpoint).Port}";
        using var environment = new TestIdpEnvironment();

        var line = AssertRefusedInOneLine(await StartAsync(environment, address));

        Assert.StartsWith($"IdpFederation cannot start: {address} is already in use by another program.", line, StringComparison.Ordinal);
        Assert.Contains("--urls", line, StringComparison.Ordinal);
        Assert.Contains("ASPNETCORE_URLS", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_listen_address_from_kestrel_endpoints_names_that_setting()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var address = $"http://127.0.0.1:{((IPEndPoint)taken.LocalEndpoint).Port}";
        using var environment = new TestIdpEnvironment(config =>
            config["Kestrel"] = new JsonObject { ["Endpoints"] = new JsonObject { ["Http"] = new JsonObject { ["Url"] = address } } });

        // Kestrel:Endpoints wins over --urls, so it is the setting to change.
        var line = AssertRefusedInOneLine(await StartAsync(environment, environment.BaseUrl));

        Assert.StartsWith($"IdpFederation cannot start: {address} is already in use by another program.", line, StringComparison.Ordinal);
        Assert.Contains("Kestrel:Endpoints", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_health_management_port_in_use_names_the_health_setting()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var address = $"http://127.0.0.1:{((IPEndPoint)taken.LocalEndpoint).Port}";
        using var environment = new TestIdpEnvironment(config => config["Idp"]!["Health"] = new JsonObject { ["ManagementUrl"] = address });

        var line = AssertRefusedInOneLine(await StartAsync(environment, environment.BaseUrl));

        Assert.StartsWith($"IdpFederation cannot start: {address} is already in use by another program.", line, StringComparison.Ordinal);
        Assert.Contains("Idp:Health:ManagementUrl", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_health_management_port_shared_with_a_public_address_is_refused()
    {
        // Requests are told apart by the port they arrive on: on a shared port every public request would get the details.
        var publicAddress = $"http://127.0.0.1:{TestIdpEnvironment.FreePort()}";
        var management = publicAddress.Replace("127.0.0.1", "localhost", StringComparison.Ordinal);
        using var environment = new TestIdpEnvironment(config => config["Idp"]!["Health"] = new JsonObject { ["ManagementUrl"] = management });

        var line = AssertRefusedInOneLine(await StartAsync(environment, publicAddress));

        Assert.Equal($"IdpFederation cannot start: the configuration is invalid. Idp:Health:ManagementUrl '{management}' uses port " +
            $"{new Uri(publicAddress).Port}, as does the public address {publicAddress}; give the management listener a port of its own " +
            "(requests are told apart by the port they arrive on).", line);
    }

    [Fact]
    public async Task A_short_health_details_key_is_one_line_naming_the_setting_and_file_but_not_the_key()
    {
        const string Short = "s3cret-but-short";
        using var environment = new TestIdpEnvironment(config => config["Idp"]!["Health"] = new JsonObject { ["DetailsKeyFile"] = "health.key" });
        var file = Path.Combine(environment.ConfigDirectory, "health.key");
        await File.WriteAllTextAsync(file, Short);

        var run = await StartAsync(environment, environment.BaseUrl);
        var line = AssertRefusedInOneLine(run);

        Assert.StartsWith($"IdpFederation cannot start: the configuration is invalid. Idp:Health:DetailsKeyFile: '{file}' must hold one key of at least 32 characters", line, StringComparison.Ordinal);
        Assert.DoesNotContain(Short, run.Stdout + run.Stderr, StringComparison.Ordinal);
    }

    public static TheoryData<string> CertificateMistakes() =>
    [
        "current pfx, wrong password", "current text file named .pfx", "current pem without its key", "current pem with another key",
        "next pfx, wrong password", "next text file named .pfx", "key encryption pfx, wrong password", "key encryption text file named .pem",
    ];

    [Theory]
    [MemberData(nameof(CertificateMistakes))]
    public async Task An_unusable_certificate_is_one_line_naming_the_setting_and_the_file(string mistake)
    {
        using var environment = new TestIdpEnvironment();
        var (setting, file) = ConfigureCertificate(environment, mistake);
        environment.WriteConfig();

        var line = AssertRefusedInOneLine(await StartAsync(environment, environment.BaseUrl));

        Assert.StartsWith("IdpFederation cannot start: the configuration is invalid. ", line, StringComparison.Ordinal);
        Assert.Contains(setting, line, StringComparison.Ordinal);
        Assert.Contains($"'{file}'", line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("idpfederation.json")]
    [InlineData("idpfederation.Development.json")]
    [InlineData("policies.json")]
    public async Task Broken_json_is_one_line_naming_the_file_line_and_column(string name)
    {
        using var environment = new TestIdpEnvironment();
        var file = Path.Combine(environment.ConfigDirectory, name);
        await File.WriteAllTextAsync(file, BrokenJson);

        var line = AssertRefusedInOneLine(await StartAsync(environment, environment.BaseUrl));

        Assert.StartsWith($"IdpFederation cannot start: the configuration is invalid. {file}: ", line, StringComparison.Ordinal);
        Assert.Contains("line 3, column 39", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_mapping_error_is_one_line_naming_the_attribute_and_the_line_in_the_file()
    {
        using var environment = new TestIdpEnvironment(config => config["Idp"]!["Provisioning"] = Provisioning("\"usageLocation\": \"Upper(source.usageLocation\""));
        var file = Path.Combine(environment.ConfigDirectory, "idpfederation.json");

        var line = AssertRefusedInOneLine(await StartAsync(environment, environment.BaseUrl));

        Assert.StartsWith("IdpFederation cannot start: the configuration is invalid. Idp:Provisioning:Tenants:0:Attributes:usageLocation: ", line, StringComparison.Ordinal);
        Assert.EndsWith($"({file} line {LineOf(file, "\"usageLocation\"")})", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_provisioning_setting_the_schema_refuses_is_one_line_naming_the_file_line_and_column()
    {
        using var environment = new TestIdpEnvironment(config => config["Idp"]!["Provisioning"] = Provisioning("\"usageLocation\": \"\\\"AU\\\"\""));
        var file = Path.Combine(environment.ConfigDirectory, "idpfederation.json");
        await File.WriteAllTextAsync(file, (await File.ReadAllTextAsync(file)).Replace("\"Name\": \"contoso\"", "\"Name\": \"contoso\", \"LicenseMode\": \"EveryRole\"", StringComparison.Ordinal));

        var line = AssertRefusedInOneLine(await StartAsync(environment, environment.BaseUrl));

        Assert.Equal($"IdpFederation cannot start: the configuration is invalid. {file}: does not match provisioning.schema.json: " +
            $"line {LineOf(file, "\"LicenseMode\"")}, column {ValueColumn(file, "\"LicenseMode\": ")}: Idp:Provisioning:Tenants:0:LicenseMode: value must be one of \"AllMappedRoles\", \"FirstMatchingRole\"", line);
    }

    /// <summary>One tenant (not yet registered with Microsoft 365, so nothing reaches out) with this attribute mapping.</summary>
    private static JsonObject Provisioning(string attribute) => new()
    {
        ["Tenants"] = new JsonArray(new JsonObject
        {
            ["Name"] = "contoso",
            ["Domains"] = new JsonArray("contoso.com"),
            ["Roles"] = new JsonArray(new JsonObject { ["Role"] = "Staff" }),
            ["Attributes"] = JsonNode.Parse("{ " + attribute + " }"),
        }),
    };

    /// <summary>The column (from 1) where the value after <paramref name="fragment"/> starts.</summary>
    private static int ValueColumn(string file, string fragment) =>
        File.ReadAllLines(file).Select(l => l.IndexOf(fragment, StringComparison.Ordinal)).First(i => i >= 0) + fragment.Length + 1;

    private static int LineOf(string file, string fragment) =>
        File.ReadAllLines(file).Select((text, index) => (text, index)).First(l => l.text.Contains(fragment, StringComparison.Ordinal)).index + 1;

    /// <summary>Writes the files for <paramref name="mistake"/> and names them in the config; returns the setting and file the line must name.</summary>
    private static (string Setting, string File) ConfigureCertificate(TestIdpEnvironment environment, string mistake)
    {
        string InConfig(string name) => Path.Combine(environment.ConfigDirectory, name);
        static JsonObject Source(string path, string? password = null, string? keyPath = null) =>
            new() { ["Path"] = path, ["Password"] = password, ["KeyPath"] = keyPath };
        void Signing(JsonObject current, JsonObject? next = null) =>
            environment.Idp["Signing"] = new JsonObject { ["Current"] = current, ["Next"] = next };

        CertificateFiles.WritePfx(InConfig("good.pfx"), "right");
        CertificateFiles.WritePfx(InConfig("protected.pfx"), "right");
        CertificateFiles.WritePem(InConfig("signing.pem"), InConfig("signing-key.pem"));
        CertificateFiles.WritePem(InConfig("other.pem"), InConfig("other-key.pem"));
        File.WriteAllText(InConfig("text.pfx"), "this is not a certificate\n");
        File.WriteAllText(InConfig("text.pem"), "this is not a certificate\n");
        switch (mistake)
        {
            case "current pfx, wrong password":
                Signing(Source("protected.pfx", "wrong"));
                return ("Idp:Signing:Current:Password", InConfig("protected.pfx"));
            case "current text file named .pfx":
                Signing(Source("text.pfx"));
                return ("Idp:Signing:Current:Path", InConfig("text.pfx"));
            case "current pem without its key":
                Signing(Source("signing.pem"));
                return ("Idp:Signing:Current:KeyPath", InConfig("signing.pem"));
            case "current pem with another key":
                Signing(Source("signing.pem", keyPath: "other-key.pem"));
                return ("Idp:Signing:Current:KeyPath", InConfig("other-key.pem"));
            case "next pfx, wrong password":
                Signing(Source("good.pfx", "right"), Source("protected.pfx", "wrong"));
                return ("Idp:Signing:Next:Password", InConfig("protected.pfx"));
            case "next text file named .pfx":
                Signing(Source("good.pfx", "right"), Source("text.pfx"));
                return ("Idp:Signing:Next:Path", InConfig("text.pfx"));
            case "key encryption pfx, wrong password":
                environment.Idp["State"] = new JsonObject { ["KeyEncryptionCertificate"] = Source("protected.pfx", "wrong") };
                return ("Idp:State:KeyEncryptionCertificate:Password", InConfig("protected.pfx"));
            case "key encryption text file named .pem":
                environment.Idp["State"] = new JsonObject { ["KeyEncryptionCertificate"] = Source("text.pem") };
                return ("Idp:State:KeyEncryptionCertificate:Path", InConfig("text.pem"));
            default:
                throw new ArgumentOutOfRangeException(nameof(mistake), mistake, null);
        }
    }

    /// <summary>Exit code 1, no stack trace or host failure report on either stream, and exactly one line on stderr, returned.</summary>
    private static string AssertRefusedInOneLine(ExitedServer run)
    {
        var everything = $"stdout:\n{run.Stdout}\nstderr:\n{run.Stderr}";
        Assert.True(run.ExitCode == 1, $"exit code {run.ExitCode}, expected 1\n{everything}");
        Assert.DoesNotContain("   at ", everything, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", everything, StringComparison.Ordinal);
        Assert.False(LoggedError().IsMatch(run.Stdout), "an error was logged besides the one line:\n" + everything);
        var lines = run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.True(lines.Length == 1, $"expected one line on stderr, got {lines.Length}\n{everything}");
        return lines[0];
    }

    /// <summary>Starts the server as a deployment would and waits for it to exit; it must not start.</summary>
    private static Task<ExitedServer> StartAsync(TestIdpEnvironment environment, string url) =>
        IdpServerProcess.RunUntilExitAsync(environment, url, ExitWithin);

    [GeneratedRegex("^(fail|crit): ", RegexOptions.Multiline)]
    private static partial Regex LoggedError();
}

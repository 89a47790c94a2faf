using System.Text.Json.Nodes;
using IdpFederation.Tests.Provisioning.GraphServer;

namespace IdpFederation.Tests.Provisioning.Verify;

/// <summary>
/// provision verify with a certificate credential (a client assertion signed by our key), and run as the admin runs
/// it: the idpfed binary in a child process, trusting the test CA through SSL_CERT_FILE only.
/// </summary>
[Trait("Kind", "Integration")]
public sealed class ProvisionVerifyCredentialTests
{
    private static async Task<VerifyTenant> StartWithCertificateAsync(DateTimeOffset notAfter, bool registered = true)
    {
        using var certificate = TestCertificates.Create("CN=contoso provisioning", notAfter);
        using var other = TestCertificates.Create("CN=some other app", notAfter);
        var uploaded = TestCertificates.PublicPart(registered ? certificate : other);
        var tenant = await VerifyTenant.StartAsync(
            server: o => o.Apps[0] = new GraphTestApp(VerifyTenant.ClientId, VerifyTenant.AllPermissions) { Certificate = uploaded },
            tenant: t =>
            {
                t.Remove("ClientSecretFile");
                t["CertificatePath"] = "app.pem";
            });
        TestCertificates.WritePemWithKey(certificate, Path.Combine(tenant.Cli.ConfigDirectory, "app.pem"));
        return tenant;
    }

    [Fact]
    public async Task Certificate_close_to_expiry_is_a_warning_and_the_tenant_stays_ready()
    {
        await using var tenant = await StartWithCertificateAsync(DateTimeOffset.UtcNow.AddDays(12));

        var (exitCode, checks, raw) = await tenant.VerifyJsonAsync();

        Assert.True(exitCode == 0, raw.Stdout);
        Assert.Equal("warning", checks["credentials"].Status);
        Assert.Matches(@"^a token was issued, but the certificate CN=contoso provisioning \(thumbprint [0-9A-F]{40}\) expires on \d{4}-\d{2}-\d{2}, in 1[01] days", checks["credentials"].Detail);
        Assert.Equal("ready", checks["permissions: provisioning users"].Status);
    }

    [Fact]
    public async Task Certificate_with_time_left_is_ready()
    {
        await using var tenant = await StartWithCertificateAsync(DateTimeOffset.UtcNow.AddDays(90));

        var (exitCode, checks, _) = await tenant.VerifyJsonAsync();

        Assert.Equal(0, exitCode);
        Assert.Equal("ready", checks["credentials"].Status);
        Assert.StartsWith("a token was issued for the certificate CN=contoso provisioning", checks["credentials"].Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Certificate_not_uploaded_to_the_app_is_refused_with_the_upload_fix()
    {
        await using var tenant = await StartWithCertificateAsync(DateTimeOffset.UtcNow.AddDays(90), registered: false);

        var (exitCode, checks, _) = await tenant.VerifyJsonAsync();

        Assert.Equal(1, exitCode);
        Assert.Equal("not ready", checks["credentials"].Status);
        Assert.StartsWith("Entra refused the token: AADSTS700027:", checks["credentials"].Detail, StringComparison.Ordinal);
        Assert.Contains("idpfed provision app-script --certificate PATH", checks["credentials"].Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_secret_file_is_one_line_naming_the_setting()
    {
        await using var tenant = await VerifyTenant.StartAsync();
        File.Delete(Path.Combine(tenant.Cli.ConfigDirectory, "contoso.secret"));

        var (exitCode, checks, _) = await tenant.VerifyJsonAsync();

        Assert.Equal(1, exitCode);
        Assert.StartsWith("Idp:Provisioning:Tenants[contoso]:ClientSecretFile: cannot read", checks["credentials"].Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Child_process_trusts_the_test_ca_through_ssl_cert_file()
    {
        await using var tenant = await VerifyTenant.StartAsync();
        var (exitCode, stdout, stderr) = await IdpFedProcess.RunAsync(tenant.Cli.ConfigDirectory, tenant.Server.CaPemPath, "provision", "verify", "--json");

        Assert.True(exitCode == 0, $"exit {exitCode}: {stderr}\n{stdout}");
        var json = JsonNode.Parse(stdout)!;
        Assert.True((bool)json["ready"]!);
        var checks = json["tenants"]![0]!["checks"]!.AsArray();
        Assert.Equal("ready", (string?)checks.Single(c => (string?)c!["check"] == "credentials")!["status"]);
        Assert.Equal("ready", (string?)checks.Single(c => (string?)c!["check"] == "domain contoso.com")!["status"]);
        Assert.Contains(tenant.Server.Requests, r => r.Path == "/v1.0/domains" && r.Status == 200);
    }
}

using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;

namespace IdpFederation.Tests.Provisioning.Verify;

[Trait("Kind", "Integration")]
public sealed class AppScriptCommandTests
{
    private static string Base64Key(string script)
    {
        const string marker = "Key = [Convert]::FromBase64String('";
        var start = script.IndexOf(marker, StringComparison.Ordinal);
        Assert.True(start >= 0, "the script uploads no certificate");
        start += marker.Length;
        return script[start..script.IndexOf('\'', start)];
    }

    [Fact]
    public async Task Configured_pfx_is_read_with_its_password_file_and_only_its_public_part_uploaded()
    {
        var tenant = ProvisionCliHost.Tenant("contoso");
        tenant["CertificatePath"] = "app.pfx";
        tenant["CertificatePasswordFile"] = "app.pfx.password";
        using var cli = ProvisionCliHost.With(tenant);
        using var certificate = TestCertificates.Create("CN=contoso provisioning", DateTimeOffset.UtcNow.AddYears(1));
        TestCertificates.WritePfx(certificate, Path.Combine(cli.ConfigDirectory, "app.pfx"), "pfx pass 1");
        await File.WriteAllTextAsync(Path.Combine(cli.ConfigDirectory, "app.pfx.password"), "pfx pass 1\n");

        var script = (await cli.RunAsync("provision", "app-script")).Succeeded().Stdout;

        Assert.Equal(Convert.ToBase64String(certificate.RawData), Base64Key(script));
        Assert.DoesNotContain("pfx pass 1", script, StringComparison.Ordinal);
        Assert.DoesNotContain("Add-MgApplicationPassword", script, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Certificate_option_reads_a_pem_and_writes_the_script_to_the_output_file()
    {
        using var cli = ProvisionCliHost.With(ProvisionCliHost.Tenant("contoso"), ProvisionCliHost.Tenant("fabrikam"));
        using var certificate = TestCertificates.Create("CN=fabrikam provisioning", DateTimeOffset.UtcNow.AddYears(1));
        var pem = Path.Combine(cli.Root, "new-app.pem");
        TestCertificates.WritePemWithKey(certificate, pem);
        var output = Path.Combine(cli.Root, "register.ps1");

        var result = (await cli.RunAsync("provision", "app-script", "--tenant", "fabrikam", "--certificate", pem, "--output", output)).Succeeded();

        Assert.Contains(output, result.Stdout, StringComparison.Ordinal);
        var script = await File.ReadAllTextAsync(output);
        Assert.Equal(Convert.ToBase64String(certificate.RawData), Base64Key(script));
        Assert.Contains("IdpFederation provisioning (fabrikam)", script, StringComparison.Ordinal);
        Assert.DoesNotContain("PRIVATE KEY", script, StringComparison.Ordinal);
        Assert.DoesNotContain(Convert.ToBase64String(certificate.GetRSAPrivateKey()!.ExportPkcs8PrivateKey())[..40], script, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Secret_never_appears_in_the_script()
    {
        const string secret = "Qx8~secret.value-that-must-stay-put";
        var tenant = ProvisionCliHost.Tenant("contoso");
        tenant["ClientSecretFile"] = "contoso.secret";
        using var cli = ProvisionCliHost.With(tenant);
        await File.WriteAllTextAsync(Path.Combine(cli.ConfigDirectory, "contoso.secret"), secret);

        var script = (await cli.RunAsync("provision", "app-script", "--secret")).Succeeded().Stdout;

        Assert.DoesNotContain(secret, script, StringComparison.Ordinal);
        Assert.Contains($"$secretFile = '{Path.Combine(cli.ConfigDirectory, "contoso.secret")}'", script, StringComparison.Ordinal);
        Assert.Contains("Add-MgApplicationPassword", script, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Certificate_and_secret_together_are_a_usage_error()
    {
        using var cli = ProvisionCliHost.With(ProvisionCliHost.Tenant("contoso"));

        (await cli.RunAsync("provision", "app-script", "--secret", "--certificate", "x.pem")).FailedWith(2, "--certificate PATH or --secret, not both");
    }

    [Fact]
    public async Task Several_tenants_need_a_tenant_name_and_an_unknown_one_is_refused()
    {
        using var cli = ProvisionCliHost.With(ProvisionCliHost.Tenant("contoso"), ProvisionCliHost.Tenant("fabrikam"));

        (await cli.RunAsync("provision", "app-script", "--secret")).FailedWith(2, "Several tenants are configured (contoso, fabrikam): pass --tenant NAME");
        (await cli.RunAsync("provision", "app-script", "--secret", "--tenant", "northwind")).FailedWith(1, "No tenant 'northwind' under Idp:Provisioning:Tenants; configured: contoso, fabrikam");
    }

    [Fact]
    public async Task Unreadable_certificate_is_one_line_naming_the_option()
    {
        using var cli = ProvisionCliHost.With(ProvisionCliHost.Tenant("contoso"));
        var path = Path.Combine(cli.Root, "not-a-cert.pem");
        await File.WriteAllTextAsync(path, "hello");

        (await cli.RunAsync("provision", "app-script", "--certificate", path)).FailedWith(1, $"--certificate: '{path}' is not a PEM, DER or PFX certificate");
    }

    [Fact]
    public async Task No_credential_anywhere_asks_for_one()
    {
        using var cli = ProvisionCliHost.With(ProvisionCliHost.Tenant("contoso"));

        (await cli.RunAsync("provision", "app-script")).FailedWith(2, "Idp:Provisioning:Tenants[contoso] has no credential configured: pass --certificate PATH or --secret");
    }
}

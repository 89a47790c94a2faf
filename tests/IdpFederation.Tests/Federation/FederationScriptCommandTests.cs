using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using IdpFederation.Tests.Cli;

namespace IdpFederation.Tests.Federation;

/// <summary>idpfed federation script, run in-process against a temp config (contoso.com and fabrikam.com).</summary>
[Trait("Kind", "Integration")]
public sealed class FederationScriptCommandTests
{
    private static CliTestHost Host(Action<JsonObject>? configure = null)
    {
        var cli = new CliTestHost(idp =>
        {
            idp["Signing"] = new JsonObject { ["Current"] = new JsonObject { ["Path"] = "signing.pfx" } };
            configure?.Invoke(idp);
        });
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=Federation Script Signing", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        File.WriteAllBytes(Path.Combine(cli.ConfigDirectory, "signing.pfx"), certificate.Export(X509ContentType.Pkcs12));
        return cli;
    }

    private static string DomainIds(string script) =>
        string.Join(",", script.Split('\n').Where(l => l.TrimStart().StartsWith("Update-MgDomain -DomainId", StringComparison.Ordinal)).Select(l => l.Trim().Split(' ')[2]));

    [Fact]
    public async Task Without_domain_every_configured_domain_is_in_the_script_and_federate_is_the_default()
    {
        using var cli = Host();

        var script = (await cli.RunAsync("federation", "script")).Succeeded().Stdout;

        Assert.Equal("'contoso.com','fabrikam.com'", DomainIds(script));
        Assert.Contains("Read-Host 'Federate or Revert? [Federate]'", script, StringComparison.Ordinal);
        Assert.Contains("-IssuerUri 'URN:contoso.com'", script, StringComparison.Ordinal);
        Assert.Contains("-PassiveSignInUri 'https://sts.contoso.com/adfs/ls/'", script, StringComparison.Ordinal);
        Assert.DoesNotContain("-ActiveSignInUri '", script, StringComparison.Ordinal);
        Assert.DoesNotContain("PRIVATE KEY", script, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Revert_makes_revert_the_default_for_the_named_domain_only()
    {
        using var cli = Host();

        var script = (await cli.RunAsync("federation", "script", "--domain", "FABRIKAM.com", "--revert")).Succeeded().Stdout;

        Assert.Equal("'fabrikam.com'", DomainIds(script));
        Assert.Contains("Read-Host 'Federate or Revert? [Revert]'", script, StringComparison.Ordinal);
        Assert.Contains("if ([string]::IsNullOrWhiteSpace($answer)) { $answer = 'Revert' }", script, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_domain_is_refused_naming_the_configured_ones()
    {
        using var cli = Host();

        (await cli.RunAsync("federation", "script", "--domain", "contoso.com", "--domain", "northwind.com"))
            .FailedWith(1, "No domain 'northwind.com' under Idp:Domains; configured: contoso.com, fabrikam.com.");
    }

    [Fact]
    public async Task Subdomain_is_refused_as_following_its_parent_and_left_out_of_all()
    {
        using var cli = Host(idp => ((JsonArray)idp["Domains"]!).Add(new JsonObject { ["Name"] = "sales.contoso.com" }));

        (await cli.RunAsync("federation", "script", "--domain", "sales.contoso.com")).FailedWith(1, "sales.contoso.com follows its parent contoso.com");
        (await cli.RunAsync("federation", "script", "--domain", "eu.fabrikam.com")).FailedWith(1, "eu.fabrikam.com follows its parent fabrikam.com");
        var all = (await cli.RunAsync("federation", "script")).Succeeded().Stdout;
        Assert.Equal("'contoso.com','fabrikam.com'", DomainIds(all));
        Assert.Contains("# sales.contoso.com is not in it: a subdomain follows its parent contoso.com's federation.", all, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Output_file_is_written_and_not_overwritten_without_force()
    {
        using var cli = Host();
        var output = Path.Combine(cli.Root, "federate.ps1");

        var result = (await cli.RunAsync("federation", "script", "--domain", "contoso.com", "--output", output)).Succeeded();
        Assert.Contains($"Wrote {output}", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("New-MgDomainFederationConfiguration -DomainId 'contoso.com'", await File.ReadAllTextAsync(output), StringComparison.Ordinal);

        await File.WriteAllTextAsync(output, "kept");
        (await cli.RunAsync("federation", "script", "--output", output)).FailedWith(1, $"'{output}' exists: pass --force to overwrite it.");
        Assert.Equal("kept", await File.ReadAllTextAsync(output));

        (await cli.RunAsync("federation", "script", "--output", output, "--force")).Succeeded();
        Assert.Contains("'fabrikam.com'", await File.ReadAllTextAsync(output), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tenant_listing_the_domain_gives_its_id_and_national_cloud()
    {
        using var cli = Host(idp => idp["Provisioning"] = new JsonObject
        {
            ["Tenants"] = new JsonArray(
                new JsonObject
                {
                    ["Name"] = "contoso", ["TenantId"] = "7f3c1f1e-9a7e-4c39-9a43-2b8f0f3c1d10", ["ClientId"] = "3b1f6a53-8a1c-4f6f-9d0e-1a2b3c4d5e6f",
                    ["ClientSecretVariable"] = "IDPFED_TEST_UNUSED_SECRET", ["GraphBaseUrl"] = "https://dod-graph.microsoft.us/v1.0",
                    ["AuthorityHost"] = "https://login.microsoftonline.us/", ["Domains"] = new JsonArray("contoso.com"),
                    ["Roles"] = new JsonArray(new JsonObject { ["Role"] = "Staff" }),
                }),
        });

        var script = (await cli.RunAsync("federation", "script", "--domain", "contoso.com")).Succeeded().Stdout;

        Assert.Contains(
            "Connect-MgGraph -TenantId '7f3c1f1e-9a7e-4c39-9a43-2b8f0f3c1d10' -Scopes $scopes -Environment USGovDoD -NoWelcome",
            script, StringComparison.Ordinal);
        var withoutTenant = (await cli.RunAsync("federation", "script", "--domain", "fabrikam.com")).Succeeded().Stdout;
        Assert.Contains("Connect-MgGraph -Scopes $scopes -NoWelcome", withoutTenant, StringComparison.Ordinal);
        Assert.Contains("$scopes = 'Domain-InternalFederation.ReadWrite.All', 'Domain.Read.All'", withoutTenant, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Domains_of_different_tenants_need_one_script_per_tenant()
    {
        static JsonObject Tenant(string name, string domain) => new()
        {
            ["Name"] = name, ["TenantId"] = Guid.NewGuid().ToString(), ["ClientId"] = Guid.NewGuid().ToString(),
            ["ClientSecretVariable"] = "IDPFED_TEST_UNUSED_SECRET", ["Domains"] = new JsonArray(domain),
            ["Roles"] = new JsonArray(new JsonObject { ["Role"] = "Staff" }),
        };
        using var cli = Host(idp => idp["Provisioning"] = new JsonObject { ["Tenants"] = new JsonArray(Tenant("contoso", "contoso.com"), Tenant("fabrikam", "fabrikam.com")) });

        (await cli.RunAsync("federation", "script")).FailedWith(2, "The domains belong to different tenants (contoso.com: contoso; fabrikam.com: fabrikam)");
        (await cli.RunAsync("federation", "script", "--domain", "fabrikam.com")).Succeeded();
    }
}

using IdpFederation.Tests.Cli;

namespace IdpFederation.Tests.Provisioning.Verify;

/// <summary>provision verify's refusals before any network call: each is one stderr line and exit code 1.</summary>
[Trait("Kind", "Integration")]
public sealed class ProvisionVerifyCommandTests
{
    [Fact]
    public async Task No_tenant_configured_is_refused_with_what_to_add()
    {
        using var cli = new CliTestHost();

        (await cli.RunAsync("provision", "verify")).FailedWith(1, "No tenant is configured: add one under Idp:Provisioning:Tenants");
    }

    [Fact]
    public async Task Unknown_tenant_is_refused_naming_the_configured_ones()
    {
        using var cli = ProvisionCliHost.With(ProvisionCliHost.Tenant("contoso"), ProvisionCliHost.Tenant("fabrikam"));

        var result = await cli.RunAsync("provision", "verify", "--tenant", "northwind", "--json");

        result.FailedWith(1, "No tenant 'northwind' under Idp:Provisioning:Tenants; configured: contoso, fabrikam.");
        Assert.Equal("", result.Stdout);
    }

    [Fact]
    public async Task Tenant_without_a_credential_is_not_ready_and_nothing_is_sent()
    {
        using var cli = ProvisionCliHost.With(ProvisionCliHost.Tenant("contoso"));

        var result = await cli.RunAsync("provision", "verify", "--json");

        Assert.Equal(1, result.ExitCode);
        var checks = result.Json["tenants"]![0]!["checks"]!.AsArray();
        Assert.Equal("not ready", (string?)checks[0]!["status"]);
        Assert.Equal("Idp:Provisioning:Tenants[contoso]: no credential; set ClientSecretFile, ClientSecretVariable or CertificatePath.", (string?)checks[0]!["detail"]);
        Assert.Equal("Tenant contoso is not ready: 2 check(s) failed.", result.Stderr.Trim());
    }
}

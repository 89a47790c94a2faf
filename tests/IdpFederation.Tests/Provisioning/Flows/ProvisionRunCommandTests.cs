using IdpFederation.Tests.Provisioning.Verify;

namespace IdpFederation.Tests.Provisioning.Flows;

/// <summary>
/// provision run, status and report as an administrator runs them: the idpfed binary in a child process, trusting the
/// Graph test server's CA only through SSL_CERT_FILE, against the directory the in-process CLI wrote.
/// </summary>
[Trait("Kind", "Integration")]
public sealed class ProvisionRunCommandTests
{
    [Fact]
    public async Task Dry_run_then_run_then_status_and_a_csv_report()
    {
        await using var tenant = await VerifyTenant.StartAsync(permissions: [.. VerifyTenant.AllPermissions]);
        (await tenant.Cli.RunAsync("user", "add", "ann@contoso.com", "--display-name", "Ann, \"Sales\"", "--usage-location", "AU", "--role", "Staff")).Succeeded();

        var dry = await IdpFed(tenant, "provision", "run", "--dry-run");
        Assert.True(dry.ExitCode == 0, dry.Output);
        Assert.Contains("create", dry.Output, StringComparison.Ordinal);
        Assert.Contains("ann@contoso.com", dry.Output, StringComparison.Ordinal);
        Assert.Contains("dry run, nothing was written", dry.Output, StringComparison.Ordinal);
        Assert.Null(tenant.Server.FindUser("ann@contoso.com"));

        var run = await IdpFed(tenant, "provision", "run");
        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Equal("Ann, \"Sales\"", tenant.Server.FindUser("ann@contoso.com")!.DisplayName);

        var status = await IdpFed(tenant, "provision", "status");
        Assert.True(status.ExitCode == 0, status.Output);
        Assert.Contains("Manual (dry run)", status.Output, StringComparison.Ordinal);
        Assert.Contains("Succeeded", status.Output, StringComparison.Ordinal);

        var csv = await IdpFed(tenant, "provision", "report", "2", "--csv");
        Assert.True(csv.ExitCode == 0, csv.Output);
        var lines = csv.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("run,user,immutable_id,action,outcome,detail,error_code,error_message", lines[0]);
        Assert.Contains(lines, l => l.StartsWith("2,ann@contoso.com,", StringComparison.Ordinal) && l.Contains(",create,done,", StringComparison.Ordinal));

        var missing = await IdpFed(tenant, "provision", "report", "99");
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("No provisioning run 99", missing.Output, StringComparison.Ordinal);
    }

    private static async Task<(int ExitCode, string Output)> IdpFed(VerifyTenant tenant, params string[] args)
    {
        var (exitCode, stdout, stderr) = await IdpFedProcess.RunAsync(tenant.Cli.ConfigDirectory, tenant.Server.CaPemPath, args);
        return (exitCode, stdout + stderr);
    }
}

using IdpFederation.Tests.Cli;
using System.Text.Json.Nodes;
using IdpFederation.Tests.Provisioning.GraphServer;

namespace IdpFederation.Tests.Provisioning.Verify;

/// <summary>
/// provision verify against the Graph test server, through the real Azure.Identity and Microsoft.Graph SDK: one
/// readiness problem per test, each reported with its fix, and the exit code a script would gate on.
/// </summary>
[Trait("Kind", "Integration")]
public sealed class ProvisionVerifyTests
{
    private static void NoSecretsIn(VerifyTenant tenant, params CliResult[] results)
    {
        foreach (var result in results)
        {
            Assert.DoesNotContain(VerifyTenant.Secret, result.Stdout + result.Stderr, StringComparison.Ordinal);
            // Every JWT starts with a base64url '{"': the token never reaches the output.
            Assert.DoesNotContain("eyJ", result.Stdout + result.Stderr, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Ready_tenant_passes_with_a_table_and_exit_code_zero()
    {
        await using var tenant = await VerifyTenant.StartAsync();

        var (exitCode, checks, json) = await tenant.VerifyJsonAsync();
        var text = await tenant.RunAsync("provision", "verify", "--tenant", "contoso");

        Assert.Equal(0, exitCode);
        Assert.Equal(0, text.ExitCode);
        Assert.Equal("", text.Stderr);
        Assert.True((bool)json.Json["ready"]!);
        Assert.Equal("ready", checks["credentials"].Status);
        Assert.Contains("the client secret in contoso.secret", checks["credentials"].Detail, StringComparison.Ordinal);
        foreach (var name in new[] { "permissions: provisioning users", "permissions: reading domains", "permissions: reading directory sync state",
                     "permissions: licences from role mappings", "permissions: domain federation", "domain contoso.com", "directory sync" })
        {
            Assert.True(checks[name].Status == "ready", $"{name}: {checks[name].Status} {checks[name].Detail}");
        }

        Assert.Equal(("ready", "SPE_E3 (05e9a617-0261-4cee-bb44-138d3ef5d965), mapped by role Staff: 25 of 25 units free."), checks["licence SPE_E3"]);
        // The test server's tokens carry no wids claim, so the federation role cannot be confirmed: a warning, not a failure.
        Assert.Equal("warning", checks["directory role"].Status);
        var lines = text.Stdout.Split('\n');
        Assert.Equal("Tenant contoso: ready", lines[0]);
        Assert.Matches(@"^CHECK\s+STATUS\s+DETAIL / HOW TO FIX$", lines[1]);
        Assert.Matches(@"^credentials\s+ready\s+a token was issued", lines[2]);
        NoSecretsIn(tenant, json, text);
    }

    [Fact]
    public async Task Wrong_secret_shows_entras_error_on_one_line_without_the_secret()
    {
        await using var tenant = await VerifyTenant.StartAsync();
        const string wrong = "Wr0ng~secret.value-9876543210";
        await File.WriteAllTextAsync(Path.Combine(tenant.Cli.ConfigDirectory, "contoso.secret"), wrong);

        var (exitCode, checks, json) = await tenant.VerifyJsonAsync();

        Assert.Equal(1, exitCode);
        Assert.Equal("not ready", checks["credentials"].Status);
        Assert.StartsWith("Entra refused the token: AADSTS7000215: Invalid client secret provided.", checks["credentials"].Detail, StringComparison.Ordinal);
        Assert.Contains("put its value, not its ID, in the file contoso.secret", checks["credentials"].Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("Trace ID", checks["credentials"].Detail, StringComparison.Ordinal);
        Assert.Equal(("not ready", "not run: they need a token; fix the credentials first."), checks["other checks"]);
        Assert.Equal("Tenant contoso is not ready: 2 check(s) failed.", json.Stderr.Trim());
        Assert.DoesNotContain(wrong, json.Stdout + json.Stderr, StringComparison.Ordinal);
        NoSecretsIn(tenant, json);
        // Nothing reached Graph: only the token endpoint was called.
        Assert.DoesNotContain(tenant.Server.Requests, r => r.Path.StartsWith("/v1.0", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Token_without_user_permission_names_the_missing_permission_and_its_feature()
    {
        await using var tenant = await VerifyTenant.StartAsync(permissions: ["Domain.Read.All", "Organization.Read.All"]);

        var (exitCode, checks, json) = await tenant.VerifyJsonAsync();

        Assert.Equal(1, exitCode);
        Assert.Equal("not ready", checks["permissions: provisioning users"].Status);
        Assert.StartsWith("missing User.ReadWrite.All, needed to create, update, block and delete users", checks["permissions: provisioning users"].Detail, StringComparison.Ordinal);
        Assert.Equal("warning", checks["permissions: domain federation"].Status);
        Assert.Contains("missing Domain-InternalFederation.ReadWrite.All", checks["permissions: domain federation"].Detail, StringComparison.Ordinal);
        Assert.Equal("ready", checks["permissions: reading domains"].Status);
        Assert.Equal("ready", checks["domain contoso.com"].Status);
        NoSecretsIn(tenant, json);
    }

    [Fact]
    public async Task Missing_domain_fails_and_a_managed_one_is_a_warning()
    {
        await using var tenant = await VerifyTenant.StartAsync(tenant: t => t["Domains"] = new JsonArray("contoso.com", "fabrikam.com", "northwind.com"));

        var (exitCode, checks, _) = await tenant.VerifyJsonAsync();

        Assert.Equal(1, exitCode);
        Assert.Equal("ready", checks["domain contoso.com"].Status);
        Assert.Equal("warning", checks["domain fabrikam.com"].Status);
        Assert.Contains("not federated yet", checks["domain fabrikam.com"].Detail, StringComparison.Ordinal);
        Assert.Equal("not ready", checks["domain northwind.com"].Status);
        Assert.StartsWith("not in the tenant. Fix: add it", checks["domain northwind.com"].Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Directory_sync_on_fails_with_the_command_that_turns_it_off()
    {
        await using var tenant = await VerifyTenant.StartAsync();
        tenant.Server.SetOrganizationSyncEnabled(true);

        var (exitCode, checks, _) = await tenant.VerifyJsonAsync();

        Assert.Equal(1, exitCode);
        Assert.Equal("not ready", checks["directory sync"].Status);
        Assert.Contains($"Update-MgOrganization -OrganizationId {tenant.Server.TenantId} -BodyParameter @{{onPremisesSyncEnabled=$false}}", checks["directory sync"].Detail, StringComparison.Ordinal);
        Assert.Contains("72 hours", checks["directory sync"].Detail, StringComparison.Ordinal);

        tenant.Server.SetOrganizationSyncEnabled(false);
        var (after, afterChecks, _) = await tenant.VerifyJsonAsync();
        Assert.Equal(0, after);
        Assert.Equal(("ready", "off (was turned off)."), afterChecks["directory sync"]);
    }

    [Fact]
    public async Task Unknown_sku_fails_and_a_full_one_is_a_warning()
    {
        var full = Guid.Parse("3b555118-da6a-4418-894f-7df1e2096870");
        await using var tenant = await VerifyTenant.StartAsync(
            server: o => o.Skus.Add(new GraphTestSku(full, "O365_BUSINESS_ESSENTIALS", EnabledUnits: 0)),
            tenant: t => t["Roles"] = new JsonArray(
                new JsonObject { ["Role"] = "Staff", ["Licenses"] = new JsonArray("SPE_E3", "ENTERPRISEPREMIUM") },
                new JsonObject { ["Role"] = "Contractors", ["Licenses"] = new JsonArray(full.ToString()) }));

        var (exitCode, checks, _) = await tenant.VerifyJsonAsync();

        Assert.Equal(1, exitCode);
        Assert.Equal("ready", checks["licence SPE_E3"].Status);
        Assert.Equal("not ready", checks["licence ENTERPRISEPREMIUM"].Status);
        Assert.Contains("mapped by role Staff, is not a subscribed SKU (the tenant has SPE_E3 (05e9a617-0261-4cee-bb44-138d3ef5d965), O365_BUSINESS_ESSENTIALS", checks["licence ENTERPRISEPREMIUM"].Detail, StringComparison.Ordinal);
        Assert.Equal("warning", checks[$"licence {full}"].Status);
        Assert.Contains("0 of 0 units free", checks[$"licence {full}"].Detail, StringComparison.Ordinal);
    }
}

using System.Text;
using System.Text.Json.Nodes;
using IdpFederation.Core.Configuration;
using IdpFederation.Infrastructure.Provisioning.Graph;
using IdpFederation.Infrastructure.Provisioning.Verification;

namespace IdpFederation.Tests.Provisioning.Verify;

[Trait("Kind", "Unit")]
public sealed class VerificationUnitTests
{
    private static string Jwt(JsonObject payload) =>
        $"{Segment(new JsonObject { ["alg"] = "RS256", ["typ"] = "JWT" })}.{Segment(payload)}.c2lnbmF0dXJl";

    private static string Segment(JsonObject json) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(json.ToJsonString())).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static AccessTokenClaims Claims(params string[] roles)
    {
        var array = new JsonArray();
        foreach (var role in roles)
        {
            array.Add(role);
        }

        return AccessTokenClaims.Read(Jwt(new JsonObject { ["roles"] = array }))!;
    }

    private static ProvisioningTenantOptions Tenant() => new()
    {
        Name = "contoso",
        Roles = [new ProvisioningRoleOptions { Role = "Staff", Licenses = ["SPE_E3"] }],
        Domains = ["contoso.com"],
    };

    [Fact]
    public void Token_payload_gives_roles_and_directory_roles()
    {
        // "~~~~" makes the payload's base64url use '-' where base64 has '+', so the decoder must map it back.
        var token = Jwt(new JsonObject
        {
            ["roles"] = new JsonArray("User.ReadWrite.All", "Domain.Read.All"),
            ["wids"] = new JsonArray("8ac3fc64-6eca-42ea-9e69-59f4c7b60eb2"),
            ["note"] = "~~~~",
        });
        Assert.Contains('-', token.Split('.')[1]);
        var claims = AccessTokenClaims.Read(token);

        Assert.NotNull(claims);
        Assert.Equal(["Domain.Read.All", "User.ReadWrite.All"], claims.Roles.Order(StringComparer.Ordinal));
        Assert.Equal(["8ac3fc64-6eca-42ea-9e69-59f4c7b60eb2"], claims.DirectoryRoleTemplateIds);
    }

    [Theory]
    [InlineData("opaque-token")]
    [InlineData("a.b")]
    [InlineData("eyJhbGciOiJub25lIn0.!!!.x")]
    [InlineData("eyJhbGciOiJub25lIn0.WzEsMl0.x")]
    public void Non_jwt_tokens_give_no_claims(string token) => Assert.Null(AccessTokenClaims.Read(token));

    [Fact]
    public void Missing_user_permission_is_not_ready_and_names_the_feature()
    {
        var checks = PermissionCheck.Run(Tenant(), Claims("Domain.Read.All", "Organization.Read.All")).ToList();

        var users = Assert.Single(checks, c => c.Check == "permissions: provisioning users");
        Assert.Equal(CheckStatus.NotReady, users.Status);
        Assert.StartsWith("missing User.ReadWrite.All, needed to create, update", users.Detail, StringComparison.Ordinal);
        Assert.All(checks.Where(c => c.Check is "permissions: reading domains" or "permissions: licences from role mappings"), c => Assert.Equal(CheckStatus.Ready, c.Status));
    }

    [Fact]
    public void Broader_permissions_satisfy_and_federation_is_only_a_warning()
    {
        var checks = PermissionCheck.Run(Tenant(), Claims("Directory.ReadWrite.All")).ToList();

        Assert.All(checks.Where(c => c.Check.StartsWith("permissions: ", StringComparison.Ordinal) && !c.Check.Contains("federation", StringComparison.Ordinal)),
            c => Assert.Equal(CheckStatus.Ready, c.Status));
        Assert.Equal(CheckStatus.Warning, checks.Single(c => c.Check == "permissions: domain federation").Status);
        Assert.Equal(CheckStatus.Warning, checks.Single(c => c.Check == "directory role").Status);
    }

    [Fact]
    public void Directory_role_is_ready_when_wids_carries_hybrid_identity_administrator()
    {
        var claims = AccessTokenClaims.Read(Jwt(new JsonObject { ["roles"] = new JsonArray("User.ReadWrite.All"), ["wids"] = new JsonArray("8ac3fc64-6eca-42ea-9e69-59f4c7b60eb2") }))!;

        Assert.Equal(CheckStatus.Ready, PermissionCheck.Run(Tenant(), claims).Single(c => c.Check == "directory role").Status);
    }

    [Fact]
    public void Domains_missing_unverified_managed_and_federated()
    {
        Assert.Equal(CheckStatus.NotReady, TenantStateChecks.Domain("contoso.com", null).Status);
        var unverified = TenantStateChecks.Domain("contoso.com", new TenantDomain("contoso.com", IsVerified: false, IsFederated: false, IsInitial: false));
        Assert.Equal(CheckStatus.NotReady, unverified.Status);
        Assert.Contains("Confirm-MgDomain -DomainId contoso.com", unverified.Detail, StringComparison.Ordinal);
        var managed = TenantStateChecks.Domain("contoso.com", new TenantDomain("contoso.com", true, false, false));
        Assert.Equal(CheckStatus.Warning, managed.Status);
        Assert.Contains("New-MgDomainFederationConfiguration -DomainId contoso.com", managed.Detail, StringComparison.Ordinal);
        Assert.Equal(CheckStatus.Ready, TenantStateChecks.Domain("contoso.com", new TenantDomain("contoso.com", true, true, false)).Status);
    }

    [Fact]
    public void A_tenant_is_ready_with_warnings_but_not_with_a_failure()
    {
        Assert.True(new TenantVerification("t", [CheckResult.Ready("a", ""), CheckResult.Warning("b", "")]).Ready);
        Assert.False(new TenantVerification("t", [CheckResult.Ready("a", ""), CheckResult.NotReady("b", "")]).Ready);
    }
}

using IdpFederation.Core.Configuration;
using IdpFederation.Core.Provisioning;
using static IdpFederation.Tests.CoreLayer.OptionsValidation;

namespace IdpFederation.Tests.Provisioning.Planning;

/// <summary>Idp:Provisioning through <see cref="IdpOptionsValidator"/>, the validator start-up and every reload run.</summary>
[Trait("Kind", "Unit")]
public sealed class ProvisioningOptionsValidationTests
{
    private const string Key = "Idp:Provisioning:Tenants:0";

    private static ProvisioningTenantOptions Valid() => new()
    {
        Name = "contoso",
        TenantId = "7d1c3f52-0b7a-4c2e-9a61-2f4a8c5e9b10",
        ClientId = "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0",
        ClientSecretVariable = "IDPFED_GRAPH_SECRET",
        Domains = ["contoso.com"],
        InitialDomain = "contoso.onmicrosoft.com",
        Roles = [new() { Role = "M365 Users", Licenses = ["ENTERPRISEPACK", "6fd2c87f-b296-42f0-b197-1e91e994b900", "Microsoft_Teams_Exploratory_Dept"] }],
        Attributes = new() { ["usageLocation"] = "\"AU\"" },
    };

    private static void AssertOnly(string expected, Action<ProvisioningTenantOptions> change) => AssertOnlyFailure(expected, o =>
    {
        var tenant = Valid();
        change(tenant);
        o.Provisioning.Tenants.Add(tenant);
    });

    [Fact]
    public void A_complete_tenant_is_accepted_and_no_tenant_is_fine_too()
    {
        Assert.Empty(Failures(o => o.Provisioning.Tenants.Add(Valid())));
        Assert.Empty(Failures(_ => { }));
    }

    [Theory]
    [InlineData("ClientSecretFile")]
    [InlineData("CertificatePath")]
    public void Each_credential_kind_is_accepted_alone(string kind) => Assert.Empty(Failures(o =>
    {
        var tenant = Valid();
        tenant.ClientSecretVariable = null;
        _ = kind == "ClientSecretFile" ? tenant.ClientSecretFile = "secrets/graph.txt" : tenant.CertificatePath = "certs/graph.pfx";
        o.Provisioning.Tenants.Add(tenant);
    }));

    [Theory]
    [InlineData("", "'' must be 1 to 64 letters, digits, '.', '_' or '-' (it names the tenant in commands, reports and leases).")]
    [InlineData("con toso", "'con toso' must be 1 to 64 letters, digits, '.', '_' or '-' (it names the tenant in commands, reports and leases).")]
    public void A_tenant_needs_a_name(string name, string expected) => AssertOnly($"{Key}:Name {expected}", t => t.Name = name);

    [Fact]
    public void Tenant_names_are_unique_without_case()
    {
        var failures = Failures(o =>
        {
            o.Provisioning.Tenants.Add(Valid());
            var second = Valid();
            second.Name = "CONTOSO";
            second.Domains = ["fabrikam.com"];
            o.Provisioning.Tenants.Add(second);
        });

        Assert.Equal(["Idp:Provisioning:Tenants:1:Name 'CONTOSO' is also the name of Idp:Provisioning:Tenants:0; names must be unique."], failures);
    }

    [Fact]
    public void A_domain_belongs_to_one_tenant()
    {
        var failures = Failures(o =>
        {
            o.Provisioning.Tenants.Add(Valid());
            var second = Valid();
            second.Name = "other";
            second.Domains = ["fabrikam.com", "CONTOSO.COM"];
            o.Provisioning.Tenants.Add(second);
        });

        Assert.Equal(["Idp:Provisioning:Tenants:1:Domains:1 'CONTOSO.COM' is also a domain of tenant 'contoso'; a domain belongs to one Microsoft 365 tenant."], failures);
    }

    [Theory]
    [InlineData("", "TenantId '' must be the Entra tenant ID (a GUID) or its primary domain (contoso.onmicrosoft.com).")]
    [InlineData("not a tenant", "TenantId 'not a tenant' must be the Entra tenant ID (a GUID) or its primary domain (contoso.onmicrosoft.com).")]
    public void The_tenant_id_is_a_guid_or_a_domain(string value, string expected) => AssertOnly($"{Key}:{expected}", t => t.TenantId = value);

    [Fact]
    public void The_tenant_id_may_be_the_primary_domain() => Assert.Empty(Failures(o =>
    {
        var tenant = Valid();
        tenant.TenantId = "contoso.onmicrosoft.com";
        o.Provisioning.Tenants.Add(tenant);
    }));

    [Theory]
    [InlineData("idpfed-app")]
    [InlineData("Xy8Q~abcDEF.ghiJKL_mnoPQR-stuVWX0123456")]
    public void The_client_id_is_a_guid_and_is_not_quoted(string value) =>
        AssertOnly($"{Key}:ClientId must be the application (client) ID of the app registration, a GUID (not the secret).", t => t.ClientId = value);

    [Fact]
    public void Live_mode_requires_a_credential() => AssertOnly(
        $"{Key}: set exactly one credential, ClientSecretFile, ClientSecretVariable or CertificatePath; none is set, and live mode needs one.", t =>
        {
            t.ClientSecretVariable = null;
            t.LiveMode = true;
        });

    [Fact]
    public void A_tenant_not_registered_yet_may_wait_for_its_client_id_and_credential()
    {
        // `provision app-script` writes the registration from a tenant configured this far.
        Assert.Empty(Failures(o =>
        {
            var tenant = Valid();
            tenant.ClientId = "";
            tenant.ClientSecretVariable = null;
            o.Provisioning.Tenants.Add(tenant);
        }));
    }

    [Fact]
    public void Two_credentials_are_refused() => AssertOnly(
        $"{Key}: set exactly one credential, ClientSecretFile, ClientSecretVariable or CertificatePath; ClientSecretVariable and CertificatePath are set.",
        t => t.CertificatePath = "certs/graph.pfx");

    [Fact]
    public void A_secret_pasted_into_the_variable_setting_is_refused_without_being_repeated()
    {
        const string secret = "Xy8Q~abcDEF.ghiJKL_mnoPQR-stuVWX0123456";

        var failures = Failures(o =>
        {
            var tenant = Valid();
            tenant.ClientSecretVariable = secret;
            tenant.CertificatePath = secret;
            tenant.CertificatePasswordFile = "  ";
            o.Provisioning.Tenants.Add(tenant);
        });

        Assert.Equal(
        [
            $"{Key}: set exactly one credential, ClientSecretFile, ClientSecretVariable or CertificatePath; ClientSecretVariable and CertificatePath are set.",
            $"{Key}:CertificatePasswordFile must not be blank.",
            $"{Key}:ClientSecretVariable must be the name of an environment variable (letters, digits and '_'), not the secret itself.",
        ], failures);
        Assert.DoesNotContain(failures, f => f.Contains(secret, StringComparison.Ordinal));
    }

    [Fact]
    public void A_certificate_password_needs_a_certificate() => AssertOnly(
        $"{Key}:CertificatePasswordFile is set but CertificatePath is not; the password only opens a PFX certificate.", t => t.CertificatePasswordFile = "secrets/pfx.txt");

    [Theory]
    [InlineData("GraphBaseUrl", "http://graph.microsoft.com/v1.0")]
    [InlineData("GraphBaseUrl", "graph.microsoft.com")]
    [InlineData("GraphBaseUrl", "https://graph.microsoft.com/v1.0?x=1")]
    [InlineData("AuthorityHost", "https://user:pw@login.microsoftonline.com/")]
    [InlineData("AuthorityHost", "")]
    public void Graph_and_authority_urls_are_absolute_https(string setting, string value) => AssertOnly(
        $"{Key}:{setting} '{value}' must be an absolute https URL without query, fragment or user name (tokens and directory data travel on it).",
        t => _ = setting == "GraphBaseUrl" ? t.GraphBaseUrl = value : t.AuthorityHost = value);

    [Fact]
    public void National_cloud_urls_are_accepted() => Assert.Empty(Failures(o =>
    {
        var tenant = Valid();
        tenant.GraphBaseUrl = "https://graph.microsoft.us/v1.0";
        tenant.AuthorityHost = "https://login.microsoftonline.us/";
        o.Provisioning.Tenants.Add(tenant);
    }));

    [Fact]
    public void Domains_must_be_federated_domains() =>
        AssertOnly($"{Key}:Domains:1 'northwind.com' is not one of Idp:Domains; only federated domains are provisioned.", t => t.Domains.Add("northwind.com"));

    [Fact]
    public void Domains_are_required() =>
        AssertOnly($"{Key}:Domains must list at least one of Idp:Domains; only users on these domains are provisioned into the tenant.", t => t.Domains.Clear());

    [Theory]
    [InlineData("contoso.com")]
    [InlineData("contoso.onmicrosoft.co")]
    [InlineData("onmicrosoft.com")]
    public void The_initial_domain_is_an_onmicrosoft_domain(string value) =>
        AssertOnly($"{Key}:InitialDomain '{value}' must be the tenant's initial domain, ending in .onmicrosoft.com.", t => t.InitialDomain = value);

    [Fact]
    public void Overwriting_same_upn_users_needs_the_initial_domain() => AssertOnly(
        $"{Key}:InitialDomain is required when OverwriteSameUpn is on: taking over a user on a federated domain parks its UPN on the initial (.onmicrosoft.com) domain.",
        t => (t.OverwriteSameUpn, t.InitialDomain) = (true, null));

    [Fact]
    public void Roles_need_names_once_each()
    {
        var failures = Failures(o =>
        {
            var tenant = Valid();
            tenant.Roles.Add(new() { Role = " " });
            tenant.Roles.Add(new() { Role = "m365 users" });
            o.Provisioning.Tenants.Add(tenant);
        });

        Assert.Equal([$"{Key}:Roles:1:Role must name a role.", $"{Key}:Roles:2:Role 'm365 users' is listed twice (role names are compared without case)."], failures);
    }

    [Fact]
    public void Roles_are_required() => AssertOnly($"{Key}:Roles must list at least one role; its members are the users provisioned.", t => t.Roles.Clear());

    [Theory]
    [InlineData("")]
    [InlineData("Office 365 E3")]
    [InlineData("_E3")]
    public void Licences_are_guids_or_part_numbers(string licence) => AssertOnly(
        $"{Key}:Roles:0:Licenses:3 '{licence}' must be a SKU ID (a GUID) or a SKU part number such as ENTERPRISEPACK.", t => t.Roles[0].Licenses.Add(licence));

    [Theory]
    [InlineData(3000, 150, true)]
    [InlineData(1500, 75, true)]
    [InlineData(20, 1, true)]
    [InlineData(3001, 150, false)]
    [InlineData(21, 1, false)]
    [InlineData(3000, 149, false)]
    [InlineData(6000, 300, false)]
    public void The_write_rate_never_exceeds_Graphs_quota(int writes, int seconds, bool accepted)
    {
        var failures = Failures(o =>
        {
            var tenant = Valid();
            (tenant.WritesPerWindow, tenant.WriteWindow) = (writes, TimeSpan.FromSeconds(seconds));
            o.Provisioning.Tenants.Add(tenant);
        });

        Assert.Equal(accepted ? [] : [$"{Key}:WritesPerWindow {writes} per WriteWindow {TimeSpan.FromSeconds(seconds)} is above Graph's write limit of 3000 per 00:02:30 per app and tenant; Graph would throttle the run."],
            failures);
    }

    [Theory]
    [InlineData(0, 150)]
    [InlineData(100, 0)]
    public void The_write_rate_is_positive(int writes, int seconds) =>
        AssertOnly($"{Key}:WritesPerWindow and WriteWindow must be positive.", t => (t.WritesPerWindow, t.WriteWindow) = (writes, TimeSpan.FromSeconds(seconds)));

    [Theory]
    [InlineData(0)]
    [InlineData(17)]
    public void Parallel_batches_are_1_to_16(int value) => AssertOnly($"{Key}:MaxParallelBatches {value} must be between 1 and 16.", t => t.MaxParallelBatches = value);

    [Theory]
    [InlineData(-1)]
    [InlineData(100.5)]
    [InlineData(double.NaN)]
    public void The_deprovisioning_share_is_a_percentage(double value) => AssertOnly(
        $"{Key}:Deprovisioning:MaxDeprovisionPercent {value} must be between 0 and 100.", t => t.Deprovisioning.MaxDeprovisionPercent = value);

    [Theory]
    [InlineData("00:14:59")]
    [InlineData("-01:00:00")]
    public void Full_syncs_are_off_or_at_least_15_minutes_apart(string value) => AssertOnly(
        $"{Key}:FullSyncInterval {value} must be 00:00:00 (off) or at least 15 minutes.", t => t.FullSyncInterval = TimeSpan.Parse(value, System.Globalization.CultureInfo.InvariantCulture));

    [Fact]
    public void Undefined_enum_values_are_refused() => AssertOnly(
        $"{Key}:Deprovisioning:UserDeleted must be one of LeaveUnmodified, BlockSignIn, RemoveLicenses, Delete.", t => t.Deprovisioning.UserDeleted = (DeprovisioningAction)9);

    [Fact]
    public void Mapping_errors_are_reported_with_the_tenant_key_attribute_and_column() => AssertOnly(
        $"{Key}:Attributes:mail: unknown source attribute 'source.mial' at column 8; use one of source.upn, source.displayName, source.immutableId, source.usageLocation, source.enabled.",
        t => t.Attributes["mail"] = "source.mial");
}

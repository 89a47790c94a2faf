using System.Text.RegularExpressions;
using IdpFederation.Core.Provisioning;
using IdpFederation.Core.Provisioning.Mapping;

namespace IdpFederation.Core.Configuration;

/// <summary>Idp:Provisioning: per-tenant Graph connection, scope, limits and attribute mapping (README "Provisioning").</summary>
public sealed partial class IdpOptionsValidator
{
    /// <summary>Graph's write quota per app and tenant (identity and access service limits; entra-federation.md §6.4).</summary>
    private const int GraphWritesPerWindow = 3000;

    private static readonly TimeSpan GraphWriteWindow = TimeSpan.FromSeconds(150);

    private static void ValidateProvisioning(IdpOptions options, List<string> errors)
    {
        var names = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var domainOwners = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < options.Provisioning.Tenants.Count; i++)
        {
            var tenant = options.Provisioning.Tenants[i];
            var key = $"Idp:Provisioning:Tenants:{i}";
            if (!TenantName().IsMatch(tenant.Name ?? ""))
            {
                errors.Add($"{key}:Name '{tenant.Name}' must be 1 to 64 letters, digits, '.', '_' or '-' (it names the tenant in commands, reports and leases).");
            }
            else if (!names.TryAdd(tenant.Name!, i))
            {
                errors.Add($"{key}:Name '{tenant.Name}' is also the name of Idp:Provisioning:Tenants:{names[tenant.Name!]}; names must be unique.");
            }

            ValidateConnection(tenant, key, errors);
            ValidateScope(options, tenant, key, domainOwners, errors);
            ValidateProvisioningLimits(tenant, key, errors);
            errors.AddRange(AttributeMapping.Validate(tenant, key));
        }
    }

    private static void ValidateConnection(ProvisioningTenantOptions tenant, string key, List<string> errors)
    {
        var unregistered = string.IsNullOrWhiteSpace(tenant.TenantId) && string.IsNullOrWhiteSpace(tenant.ClientId) && !tenant.LiveMode;
        if (!unregistered && !Guid.TryParse(tenant.TenantId, out _) && !DomainName().IsMatch(tenant.TenantId ?? ""))
        {
            errors.Add($"{key}:TenantId '{tenant.TenantId}' must be the Entra tenant ID (a GUID) or its primary domain (contoso.onmicrosoft.com).");
        }

        // A tenant may be configured before its app is registered (`provision app-script` writes the registration
        // script from it), so the client ID and the credential may wait; live mode acts on its own and needs both now.
        var registered = !string.IsNullOrWhiteSpace(tenant.ClientId) || tenant.LiveMode;
        if (registered && !Guid.TryParse(tenant.ClientId, out _))
        {
            // Not quoted: a client secret pasted here by mistake must not reach the logs.
            errors.Add($"{key}:ClientId must be the application (client) ID of the app registration, a GUID (not the secret).");
        }

        // Values are never quoted here: someone may have pasted the secret itself into one of these settings.
        var credentials = new[] { ("ClientSecretFile", tenant.ClientSecretFile), ("ClientSecretVariable", tenant.ClientSecretVariable), ("CertificatePath", tenant.CertificatePath) }
            .Where(c => c.Item2 is not null).ToList();
        if (credentials.Count > 1 || (credentials.Count == 0 && tenant.LiveMode))
        {
            errors.Add($"{key}: set exactly one credential, ClientSecretFile, ClientSecretVariable or CertificatePath" +
                (credentials.Count == 0 ? "; none is set, and live mode needs one." : $"; {string.Join(" and ", credentials.Select(c => c.Item1))} are set."));
        }

        foreach (var (name, value) in credentials.Append(("CertificatePasswordFile", tenant.CertificatePasswordFile)))
        {
            if (value is not null && value.Trim().Length == 0)
            {
                errors.Add($"{key}:{name} must not be blank.");
            }
        }

        if (tenant.ClientSecretVariable is { Length: > 0 } variable && !VariableName().IsMatch(variable))
        {
            errors.Add($"{key}:ClientSecretVariable must be the name of an environment variable (letters, digits and '_'), not the secret itself.");
        }

        if (tenant.CertificatePasswordFile is not null && tenant.CertificatePath is null)
        {
            errors.Add($"{key}:CertificatePasswordFile is set but CertificatePath is not; the password only opens a PFX certificate.");
        }

        foreach (var (name, value) in new[] { ("GraphBaseUrl", tenant.GraphBaseUrl), ("AuthorityHost", tenant.AuthorityHost) })
        {
            if (!Uri.TryCreate(value, UriKind.Absolute, out var url) || url.Scheme != Uri.UriSchemeHttps || url.Query.Length > 0 || url.Fragment.Length > 0
                || url.UserInfo.Length > 0)
            {
                errors.Add($"{key}:{name} '{value}' must be an absolute https URL without query, fragment or user name (tokens and directory data travel on it).");
            }
        }
    }

    private static void ValidateScope(IdpOptions options, ProvisioningTenantOptions tenant, string key, Dictionary<string, string> domainOwners, List<string> errors)
    {
        if (tenant.Domains.Count == 0)
        {
            errors.Add($"{key}:Domains must list at least one of Idp:Domains; only users on these domains are provisioned into the tenant.");
        }

        for (var j = 0; j < tenant.Domains.Count; j++)
        {
            var domain = tenant.Domains[j];
            if (!options.Domains.Any(d => string.Equals(d.Name, domain, StringComparison.OrdinalIgnoreCase)))
            {
                errors.Add($"{key}:Domains:{j} '{domain}' is not one of Idp:Domains; only federated domains are provisioned.");
            }
            else if (!domainOwners.TryAdd(domain, tenant.Name) && !string.Equals(domainOwners[domain], tenant.Name, StringComparison.OrdinalIgnoreCase))
            {
                errors.Add($"{key}:Domains:{j} '{domain}' is also a domain of tenant '{domainOwners[domain]}'; a domain belongs to one Microsoft 365 tenant.");
            }
        }

        if (tenant.InitialDomain is not null && (!DomainName().IsMatch(tenant.InitialDomain) || !tenant.InitialDomain.EndsWith(".onmicrosoft.com", StringComparison.OrdinalIgnoreCase)))
        {
            errors.Add($"{key}:InitialDomain '{tenant.InitialDomain}' must be the tenant's initial domain, ending in .onmicrosoft.com.");
        }
        else if (tenant.OverwriteSameUpn && string.IsNullOrWhiteSpace(tenant.InitialDomain))
        {
            errors.Add($"{key}:InitialDomain is required when OverwriteSameUpn is on: taking over a user on a federated domain parks its UPN on the initial (.onmicrosoft.com) domain.");
        }

        if (tenant.Roles.Count == 0)
        {
            errors.Add($"{key}:Roles must list at least one role; its members are the users provisioned.");
        }

        var roles = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var j = 0; j < tenant.Roles.Count; j++)
        {
            var role = tenant.Roles[j];
            if (string.IsNullOrWhiteSpace(role.Role))
            {
                errors.Add($"{key}:Roles:{j}:Role must name a role.");
            }
            else if (!roles.Add(role.Role.Trim()))
            {
                errors.Add($"{key}:Roles:{j}:Role '{role.Role}' is listed twice (role names are compared without case).");
            }

            for (var k = 0; k < role.Licenses.Count; k++)
            {
                if (!Guid.TryParse(role.Licenses[k], out _) && !SkuPartNumber().IsMatch(role.Licenses[k] ?? ""))
                {
                    errors.Add($"{key}:Roles:{j}:Licenses:{k} '{role.Licenses[k]}' must be a SKU ID (a GUID) or a SKU part number such as ENTERPRISEPACK.");
                }
            }
        }

        for (var j = 0; j < tenant.GroupExport.Roles.Count; j++)
        {
            if (string.IsNullOrWhiteSpace(tenant.GroupExport.Roles[j]))
            {
                errors.Add($"{key}:GroupExport:Roles:{j} must name a role.");
            }
        }
    }

    private static void ValidateProvisioningLimits(ProvisioningTenantOptions tenant, string key, List<string> errors)
    {
        // Both bounds: the rate, and the burst a long window would allow inside Graph's 150 s window.
        if (tenant.WritesPerWindow < 1 || tenant.WriteWindow <= TimeSpan.Zero)
        {
            errors.Add($"{key}:WritesPerWindow and WriteWindow must be positive.");
        }
        else if (tenant.WritesPerWindow > GraphWritesPerWindow || tenant.WritesPerWindow * GraphWriteWindow.TotalSeconds > GraphWritesPerWindow * tenant.WriteWindow.TotalSeconds)
        {
            errors.Add($"{key}:WritesPerWindow {tenant.WritesPerWindow} per WriteWindow {tenant.WriteWindow} is above Graph's write limit of " +
                $"{GraphWritesPerWindow} per {GraphWriteWindow} per app and tenant; Graph would throttle the run.");
        }

        if (tenant.MaxParallelBatches is < 1 or > 16)
        {
            errors.Add($"{key}:MaxParallelBatches {tenant.MaxParallelBatches} must be between 1 and 16.");
        }

        if (!(tenant.Deprovisioning.MaxDeprovisionPercent is >= 0 and <= 100))
        {
            errors.Add($"{key}:Deprovisioning:MaxDeprovisionPercent {tenant.Deprovisioning.MaxDeprovisionPercent} must be between 0 and 100.");
        }

        if (tenant.FullSyncInterval != TimeSpan.Zero && tenant.FullSyncInterval < TimeSpan.FromMinutes(15))
        {
            errors.Add($"{key}:FullSyncInterval {tenant.FullSyncInterval} must be 00:00:00 (off) or at least 15 minutes.");
        }

        foreach (var (name, value) in new[]
        {
            ("UserDisabled", tenant.Deprovisioning.UserDisabled), ("UserDeleted", tenant.Deprovisioning.UserDeleted), ("RemovedFromRole", tenant.Deprovisioning.RemovedFromRole),
        })
        {
            if (!Enum.IsDefined(value))
            {
                errors.Add($"{key}:Deprovisioning:{name} must be one of {string.Join(", ", Enum.GetNames<DeprovisioningAction>())}.");
            }
        }

        if (!Enum.IsDefined(tenant.LicenseMode))
        {
            errors.Add($"{key}:LicenseMode must be one of {string.Join(", ", Enum.GetNames<LicenseMode>())}.");
        }

        if (!Enum.IsDefined(tenant.GroupExport.MatchBy))
        {
            errors.Add($"{key}:GroupExport:MatchBy must be one of {string.Join(", ", Enum.GetNames<GroupMatch>())}.");
        }
    }

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}\z")]
    private static partial Regex TenantName();

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_]{0,127}\z")]
    private static partial Regex VariableName();

    // Part numbers are upper-case words joined by '_' (ENTERPRISEPACK, SPE_E5, Microsoft_Teams_Exploratory_Dept).
    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}\z")]
    private static partial Regex SkuPartNumber();
}

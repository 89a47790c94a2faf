using System.Text.Json.Nodes;
using IdpFederation.Tests.Cli;

namespace IdpFederation.Tests.Provisioning.Verify;

/// <summary>A CLI test host whose config has Idp:Provisioning:Tenants with the given tenants.</summary>
internal static class ProvisionCliHost
{
    /// <remarks>
    /// A tenant without Domains gets one of its own (a domain belongs to one tenant), and every tenant domain is made
    /// one of our federated domains (Idp:Domains), as the options validator requires.
    /// </remarks>
    public static CliTestHost With(params JsonObject[] tenants) => new(idp =>
    {
        var list = new JsonArray();
        var ours = idp["Domains"]!.AsArray();
        for (var i = 0; i < tenants.Length; i++)
        {
            var tenant = tenants[i];
            tenant["Domains"] ??= new JsonArray(i switch { 0 => "contoso.com", 1 => "fabrikam.com", _ => $"tenant{i}.example" });
            foreach (var domain in tenant["Domains"]!.AsArray().Select(d => d!.GetValue<string>()))
            {
                if (!ours.Any(d => string.Equals(d!["Name"]!.GetValue<string>(), domain, StringComparison.OrdinalIgnoreCase)))
                {
                    ours.Add(new JsonObject { ["Name"] = domain });
                }
            }

            list.Add(tenant);
        }

        idp["Provisioning"] = new JsonObject { ["Tenants"] = list };
    });

    public static JsonObject Tenant(string name, string tenantId = "7f3c1f1e-9a7e-4c39-9a43-2b8f0f3c1d10", string clientId = "3b1f6a53-8a1c-4f6f-9d0e-1a2b3c4d5e6f") => new()
    {
        ["Name"] = name,
        ["TenantId"] = tenantId,
        ["ClientId"] = clientId,
        ["Roles"] = new JsonArray(new JsonObject { ["Role"] = "Staff" }),
    };
}

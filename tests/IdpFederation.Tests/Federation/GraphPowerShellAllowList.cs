namespace IdpFederation.Tests.Federation;

/// <summary>The cmdlets and parameters a generated federation script may use.</summary>
internal static class GraphPowerShellAllowList
{
    private static readonly string[] FederationConfigurationParameters =
    [
        "ActiveSignInUri", "DisplayName", "FederatedIdpMfaBehavior", "IsSignedAuthenticationRequestRequired", "IssuerUri",
        "MetadataExchangeUri", "NextSigningCertificate", "PassiveSignInUri", "PasswordResetUri", "PreferredAuthenticationProtocol",
        "PromptLoginBehavior", "SignOutUri", "SigningCertificate", "SigningCertificateUpdateStatus", "BodyParameter",
    ];

    /// <summary>
    /// entra-federation.md §5.5 "PowerShell equivalents", its Microsoft Graph PowerShell part, copied here so a plain
    /// clone can run the check; <see cref="FederationScriptCmdletTests"/> compares it with the spec when the spec is
    /// beside the repository. Update cmdlets take "…same params…" as New, plus the configuration's ID.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string[]> Section55 = new Dictionary<string, string[]>(StringComparer.OrdinalIgnoreCase)
    {
        ["Connect-MgGraph"] = ["Scopes"],
        ["New-MgDomainFederationConfiguration"] = ["DomainId", .. FederationConfigurationParameters],
        ["Update-MgDomainFederationConfiguration"] = ["DomainId", "InternalDomainFederationId", .. FederationConfigurationParameters],
        ["Get-MgDomainFederationConfiguration"] = ["DomainId", "InternalDomainFederationId"],
        ["Remove-MgDomainFederationConfiguration"] = [],
        ["Update-MgDomain"] = ["DomainId", "AuthenticationType"],
    };

    /// <summary>What the script needs beyond §5.5, each with why.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> Beyond55 = new Dictionary<string, string[]>(StringComparer.OrdinalIgnoreCase)
    {
        // -TenantId: sign in to the tenant the domains belong to when Idp:Provisioning:Tenants says which;
        // -Environment: national clouds (§5.3 lists them as supported); -NoWelcome: no banner, as provision app-script.
        ["Connect-MgGraph"] = ["TenantId", "Environment", "NoWelcome"],
        // Ends the Graph session the script opened, whatever happened.
        ["Disconnect-MgGraph"] = [],
        // Reads the domain resource (§5.1): isVerified, isDefault and isInitial before federating (§5.4), and
        // authenticationType after each change to show the result.
        ["Get-MgDomain"] = ["DomainId"],
        // The Federate or Revert prompt and the revert's second confirmation, as the seed scripts ask.
        ["Read-Host"] = [],
        // Results and warnings for the admin running the script.
        ["Write-Host"] = [],
        ["Write-Warning"] = [],
        // Keeps Graph's returned objects off the screen; takes the one federation configuration Graph returns.
        ["Out-Null"] = [],
        ["Select-Object"] = ["First"],
        // Fails on a misspelt variable or property instead of running on with $null.
        ["Set-StrictMode"] = ["Version"],
    };

    /// <summary>Whether the script may pass <paramref name="parameter"/> to <paramref name="command"/>, and the reason when not.</summary>
    public static string? Refusal(string command, string parameter)
    {
        var known = Section55.ContainsKey(command) || Beyond55.ContainsKey(command);
        if (!known)
        {
            return $"{command} is neither in §5.5 nor in the allow-list beyond it";
        }

        var allowed = (Section55.GetValueOrDefault(command) ?? []).Concat(Beyond55.GetValueOrDefault(command) ?? []);
        return allowed.Contains(parameter, StringComparer.OrdinalIgnoreCase) ? null : $"{command} -{parameter} is neither in §5.5 nor in the allow-list beyond it";
    }
}

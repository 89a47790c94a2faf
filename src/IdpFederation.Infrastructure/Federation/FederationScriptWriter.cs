using System.Globalization;
using System.Text;
using static IdpFederation.Infrastructure.PowerShell.PowerShellText;

namespace IdpFederation.Infrastructure.Federation;

/// <summary>
/// `federation script`: the Microsoft Graph PowerShell (entra-federation.md §5.5) that federates our domains with
/// Entra, or reverts them to Managed, for admins who prefer to run it themselves. A prompt asks which, as the seed
/// scripts do. Every value is filled in and single-quoted, so nothing in a value is expanded; the script holds no
/// secret, only the public part of our signing certificates.
/// </summary>
public static partial class FederationScriptWriter
{
    public const string Module = "Microsoft.Graph.Identity.DirectoryManagement";

    /// <summary>Least privilege (§5.3, §5.1): writing federation settings and authenticationType, and reading domains.</summary>
    public static readonly IReadOnlyList<string> Scopes = ["Domain-InternalFederation.ReadWrite.All", "Domain.Read.All"];

    public static string Write(FederationScriptRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Domains.Count == 0)
        {
            throw new ArgumentException("A federation script needs at least one domain.", nameof(request));
        }

        var s = new StringBuilder();
        Header(s, request);
        Connect(s, request);
        s.AppendLine("# Disconnect whatever happens, so the Graph token does not outlive the script.");
        s.AppendLine("try {");
        Prompt(s, request.RevertByDefault);
        s.AppendLine("    if ($action -eq 'Federate') {");
        Federate(s, request.Domains);
        s.AppendLine("    }");
        s.AppendLine("    else {");
        Revert(s, request.Domains);
        s.AppendLine("    }");
        s.AppendLine("}");
        s.AppendLine("finally {");
        s.AppendLine("    Disconnect-MgGraph | Out-Null");
        s.AppendLine("}");
        return s.ToString();
    }

    private static void Header(StringBuilder s, FederationScriptRequest request)
    {
        var names = string.Join(", ", request.Domains.Select(d => d.Name));
        s.AppendLine("# Federates Microsoft 365 domains with the IdpFederation identity provider through Microsoft Graph PowerShell,");
        s.AppendLine("# or reverts them to Managed (cloud) sign-in: it asks which when it starts.");
        s.AppendLine(CultureInfo.InvariantCulture, $"# Written by idpfed federation script on {request.GeneratedAt.UtcDateTime:yyyy-MM-dd HH:mm} UTC for: {Comment(names)}.");
        foreach (var subdomain in request.FollowingSubdomains)
        {
            s.AppendLine(CultureInfo.InvariantCulture, $"# {Comment(subdomain.Name)} is not in it: a subdomain follows its parent {Comment(subdomain.Parent)}'s federation.");
        }

        s.AppendLine("# It holds no secret: only the public part of our token-signing certificates.");
        s.AppendLine("#");
        s.AppendLine("# Before you run it (entra-federation.md §5.3, §5.4):");
        s.AppendLine(CultureInfo.InvariantCulture, $"# - Install the module: Install-Module {Module} -Scope CurrentUser");
        s.AppendLine("# - Sign in as a Domain Name Administrator, Hybrid Identity Administrator or Security Administrator: the roles");
        s.AppendLine("#   Graph documents for changing a domain's federation.");
        s.AppendLine("# - Sign in with an admin account on a domain that is not federated, such as the tenant's onmicrosoft.com domain:");
        s.AppendLine("#   an account on a federated domain signs in through the IdP, and is locked out if that sign-in fails.");
        s.AppendLine("# - The tenant's default domain cannot be federated: make the onmicrosoft.com domain the default first");
        s.AppendLine("#   (Microsoft 365 admin center, Settings, Domains). The onmicrosoft.com domain itself is never federated.");
        s.AppendLine("# - Federating a domain can interrupt its users' sign-in for up to 2 hours while Entra converts it.");
        s.AppendLine("# - Reverting needs a cloud password for every user of the domain (set them first), and takes up to 2 hours.");
        s.AppendLine(CultureInfo.InvariantCulture, $"#Requires -Modules {Module}");
        s.AppendLine("Set-StrictMode -Version Latest");
        s.AppendLine("$ErrorActionPreference = 'Stop'");
        s.AppendLine();
    }

    private static void Connect(StringBuilder s, FederationScriptRequest request)
    {
        s.AppendLine("# Least privilege: Domain-InternalFederation.ReadWrite.All writes a domain's federation settings and its");
        s.AppendLine("# authentication type (the revert); Domain.Read.All reads the domains to check them first. Domain.ReadWrite.All");
        s.AppendLine("# would also do, but it can add and delete domains. Should Graph still answer 403, a known Graph issue, connect");
        s.AppendLine("# again adding 'Directory.AccessAsUser.All' to -Scopes.");
        var tenant = string.IsNullOrWhiteSpace(request.TenantId) ? "" : $"-TenantId {Quote(request.TenantId.Trim())} ";
        var environment = GraphEnvironment(request.GraphBaseUrl) is { } cloud ? $" -Environment {cloud}" : "";
        s.AppendLine(CultureInfo.InvariantCulture, $"$scopes = {string.Join(", ", Scopes.Select(Quote))}");
        s.AppendLine(CultureInfo.InvariantCulture, $"Connect-MgGraph {tenant}-Scopes $scopes{environment} -NoWelcome");
        s.AppendLine();
    }

    private static void Prompt(StringBuilder s, bool revertByDefault)
    {
        var fallback = revertByDefault ? "Revert" : "Federate";
        s.AppendLine(CultureInfo.InvariantCulture, $"    # Federate or Revert: the command that wrote this script was run for {fallback}, so pressing Enter chooses it.");
        s.AppendLine("    $action = $null");
        s.AppendLine("    while (-not $action) {");
        s.AppendLine(CultureInfo.InvariantCulture, $"        $answer = Read-Host 'Federate or Revert? [{fallback}]'");
        s.AppendLine(CultureInfo.InvariantCulture, $"        if ([string]::IsNullOrWhiteSpace($answer)) {{ $answer = '{fallback}' }}");
        s.AppendLine("        switch ($answer.Trim()) {");
        s.AppendLine("            'Federate' { $action = 'Federate' }");
        s.AppendLine("            'Revert' { $action = 'Revert' }");
        s.AppendLine("            default { Write-Warning 'Type Federate or Revert.' }");
        s.AppendLine("        }");
        s.AppendLine("    }");
        s.AppendLine();
    }

    /// <summary>Writes a status line built by concatenation, never string expansion, so a domain name is never run.</summary>
    private static string Status(string domain, string text, string expression) =>
        $"Write-Host ({Quote($"{domain}: {text}")} + {expression})";
}

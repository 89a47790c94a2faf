using System.Globalization;
using System.Text;
using static IdpFederation.Infrastructure.PowerShell.PowerShellText;

namespace IdpFederation.Infrastructure.Federation;

public static partial class FederationScriptWriter
{
    private static void Revert(StringBuilder s, IReadOnlyList<FederationScriptDomain> domains)
    {
        var names = string.Join(", ", domains.Select(d => d.Name));
        s.AppendLine(Indent + "# Managed authentication removes the domain's federation settings: Entra checks passwords itself again");
        s.AppendLine(Indent + "# (entra-federation.md §5.1, §5.4). Users sign in with cloud passwords, which they must have first.");
        s.AppendLine(CultureInfo.InvariantCulture, $"{Indent}Write-Warning {Quote($"Reverting to Managed (cloud sign-in): {names}")}");
        s.AppendLine(Indent + "Write-Warning 'Their users then sign in with cloud passwords, which they need first (set or reset them).'");
        s.AppendLine(Indent + "Write-Warning 'The change takes up to 2 hours to reach every sign-in.'");
        s.AppendLine(CultureInfo.InvariantCulture, $"{Indent}$confirmation = Read-Host 'Type Revert again to go on'");
        s.AppendLine(Indent + "if ($confirmation -notmatch '^\\s*Revert\\s*$') {");
        s.AppendLine(Indent + "    Write-Host 'Nothing changed.'");
        s.AppendLine(Indent + "    return");
        s.AppendLine(Indent + "}");
        s.AppendLine();
        foreach (var domain in domains)
        {
            var name = Quote(domain.Name);
            s.AppendLine(CultureInfo.InvariantCulture, $"{Indent}$domain = Get-MgDomain -DomainId {name}");
            s.AppendLine(Indent + "if ($domain.AuthenticationType -eq 'Managed') {");
            s.AppendLine(CultureInfo.InvariantCulture, $"{Indent}    Write-Host {Quote($"{domain.Name}: already Managed, nothing to revert.")}");
            s.AppendLine(Indent + "}");
            s.AppendLine(Indent + "else {");
            s.AppendLine(CultureInfo.InvariantCulture, $"{Indent}    Update-MgDomain -DomainId {name} -AuthenticationType Managed");
            s.AppendLine(CultureInfo.InvariantCulture, $"{Indent}    $domain = Get-MgDomain -DomainId {name}");
            s.AppendLine(CultureInfo.InvariantCulture, $"{Indent}    {Status(domain.Name, "authentication type is now ", "$domain.AuthenticationType")}");
            s.AppendLine(Indent + "}");
        }
    }
}

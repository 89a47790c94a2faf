using System.Globalization;
using System.Text;
using IdpFederation.Core.Federation;
using static IdpFederation.Infrastructure.PowerShell.PowerShellText;

namespace IdpFederation.Infrastructure.Federation;

public static partial class FederationScriptWriter
{
    private const string Indent = "        ";

    private static void Federate(StringBuilder s, IReadOnlyList<FederationScriptDomain> domains)
    {
        s.AppendLine(Indent + "# Entra refuses to federate a domain that is unverified, the tenant's default or its initial");
        s.AppendLine(Indent + "# onmicrosoft.com domain (entra-federation.md §5.4). Every domain is checked before any is changed,");
        s.AppendLine(Indent + "# so a refusal changes nothing.");
        foreach (var domain in domains)
        {
            Check(s, domain.Name);
        }

        s.AppendLine();
        var certificates = CertificateVariables.For(domains);
        certificates.Write(s, Indent);
        for (var i = 0; i < domains.Count; i++)
        {
            if (i > 0)
            {
                s.AppendLine();
            }

            Configure(s, domains[i], certificates);
        }
    }

    private static void Check(StringBuilder s, string name)
    {
        s.AppendLine(CultureInfo.InvariantCulture, $"{Indent}$domain = Get-MgDomain -DomainId {Quote(name)}");
        Refuse(s, "-not $domain.IsVerified", $"{name} is not verified: verify it first (Microsoft 365 admin center, Settings, Domains).");
        Refuse(s, "$domain.IsDefault", $"{name} is the tenant's default domain: make the onmicrosoft.com domain the default first.");
        Refuse(s, "$domain.IsInitial", $"{name} is the tenant's initial onmicrosoft.com domain, which cannot be federated.");
    }

    private static void Refuse(StringBuilder s, string condition, string message)
    {
        s.AppendLine(CultureInfo.InvariantCulture, $"{Indent}if ({condition}) {{");
        s.AppendLine(CultureInfo.InvariantCulture, $"{Indent}    throw {Quote(message)}");
        s.AppendLine(Indent + "}");
    }

    private static void Configure(StringBuilder s, FederationScriptDomain domain, CertificateVariables certificates)
    {
        var settings = domain.Settings;
        var name = Quote(domain.Name);
        s.AppendLine(CultureInfo.InvariantCulture, $"{Indent}# {Comment(domain.Name)}: its internalDomainFederation (entra-federation.md §5.2), one per domain, created or updated:");
        var parameters = Parameters(settings, certificates);
        foreach (var parameter in parameters)
        {
            s.AppendLine(CultureInfo.InvariantCulture, $"{Indent}#   -{parameter.Name,-32} {parameter.Meaning}");
        }

        if (settings.ActiveSignInUri is null && settings.MetadataExchangeUri is null)
        {
            s.AppendLine(Indent + "#   No -ActiveSignInUri or -MetadataExchangeUri: the IdP serves no WS-Trust yet, so rich clients");
            s.AppendLine(Indent + "#   sign in through the browser instead.");
        }

        s.AppendLine(CultureInfo.InvariantCulture, $"{Indent}$existing = Get-MgDomainFederationConfiguration -DomainId {name} | Select-Object -First 1");
        s.AppendLine(Indent + "if ($existing) {");
        Call(s, $"Update-MgDomainFederationConfiguration -DomainId {name} -InternalDomainFederationId $existing.Id", parameters);
        s.AppendLine(CultureInfo.InvariantCulture, $"{Indent}    Write-Host {Quote($"{domain.Name}: federation settings updated.")}");
        s.AppendLine(Indent + "}");
        s.AppendLine(Indent + "else {");
        Call(s, $"New-MgDomainFederationConfiguration -DomainId {name}", parameters);
        s.AppendLine(CultureInfo.InvariantCulture, $"{Indent}    Write-Host {Quote($"{domain.Name}: federation settings created.")}");
        s.AppendLine(Indent + "}");
        s.AppendLine(Indent + "# Read back what Entra now holds.");
        s.AppendLine(CultureInfo.InvariantCulture, $"{Indent}$domain = Get-MgDomain -DomainId {name}");
        s.AppendLine(CultureInfo.InvariantCulture, $"{Indent}{Status(domain.Name, "authentication type is now ", "$domain.AuthenticationType")}");
    }

    /// <summary>The command on continuation lines, one named parameter a line; `| Out-Null` keeps Graph's object off the screen.</summary>
    private static void Call(StringBuilder s, string command, IReadOnlyList<Parameter> parameters)
    {
        s.AppendLine(CultureInfo.InvariantCulture, $"{Indent}    {command} `");
        for (var i = 0; i < parameters.Count; i++)
        {
            var end = i == parameters.Count - 1 ? " | Out-Null" : " `";
            s.AppendLine(CultureInfo.InvariantCulture, $"{Indent}        -{parameters[i].Name} {parameters[i].Value}{end}");
        }
    }

    private sealed record Parameter(string Name, string Value, string Meaning);

    /// <summary>The named parameters of New-/Update-MgDomainFederationConfiguration (§5.5) we set, in a fixed order.</summary>
    private static List<Parameter> Parameters(DomainFederationSettings settings, CertificateVariables certificates)
    {
        var parameters = new List<Parameter>
        {
            new("IssuerUri", Quote(settings.IssuerUri), "our tokens' issuer: Entra finds the domain by it, so it is unique (§1.8)"),
            new("PassiveSignInUri", Quote(settings.PassiveSignInUri), "where Entra sends browsers to sign in"),
            new("SignOutUri", Quote(settings.SignOutUri), "where Entra sends browsers to sign out"),
        };
        if (settings.ActiveSignInUri is { } active)
        {
            parameters.Add(new("ActiveSignInUri", Quote(active), "the WS-Trust endpoint rich clients post credentials to (§3)"));
        }

        if (settings.MetadataExchangeUri is { } mex)
        {
            parameters.Add(new("MetadataExchangeUri", Quote(mex), "the MEX document that tells rich clients our WS-Trust endpoints (§3.3)"));
        }

        parameters.Add(new("SigningCertificate", certificates.Variable(settings.SigningCertificate), "the certificate our tokens are signed with (public part, base64 DER)"));
        if (settings.NextSigningCertificate is { } next)
        {
            parameters.Add(new("NextSigningCertificate", certificates.Variable(next), "the certificate we sign with after the next rollover, trusted ahead (§7)"));
        }

        parameters.Add(new("PreferredAuthenticationProtocol", Quote(settings.PreferredAuthenticationProtocol), "wsFed (WS-Federation) or saml (SAML 2.0): how Entra sends users to us"));
        parameters.Add(new("FederatedIdpMfaBehavior", Quote(settings.FederatedIdpMfaBehavior), "what Entra does with MFA done by the IdP (§1.5)"));
        parameters.Add(new("PromptLoginBehavior", Quote(settings.PromptLoginBehavior), "how Entra passes an app's prompt=login on to the IdP"));
        if (settings.DisplayName is { } displayName)
        {
            parameters.Add(new("DisplayName", Quote(displayName), "the name Entra shows for the IdP"));
        }

        return parameters;
    }
}

using System.Globalization;
using System.Text;
using IdpFederation.Core.Configuration;

namespace IdpFederation.Infrastructure.Provisioning.AppRegistration;

public static partial class AppRegistrationScript
{
    private static void Credential(StringBuilder s, ProvisioningTenantOptions tenant, AppScriptCredential credential)
    {
        switch (credential)
        {
            case AppScriptCredential.Certificate certificate:
                var c = certificate.Value;
                s.AppendLine(CultureInfo.InvariantCulture, $"# Our certificate's public part (from {Comment(certificate.SourcePath)}): {Comment(c.Subject)}, thumbprint {c.Thumbprint},");
                s.AppendLine(CultureInfo.InvariantCulture, $"# valid until {c.NotAfter.ToUniversalTime():yyyy-MM-dd}. The app signs its token requests with the matching private key, which stays with us.");
                s.AppendLine("$keyCredential = @{");
                s.AppendLine("    Type = 'AsymmetricX509Cert'");
                s.AppendLine("    Usage = 'Verify'");
                s.AppendLine(CultureInfo.InvariantCulture, $"    DisplayName = {Quote(c.Subject)}");
                s.AppendLine(CultureInfo.InvariantCulture, $"    Key = [Convert]::FromBase64String('{Convert.ToBase64String(c.RawData)}')");
                s.AppendLine("}");
                s.AppendLine("Update-MgApplication -ApplicationId $app.Id -KeyCredentials @($keyCredential)");
                s.AppendLine("Write-Host 'Uploaded the certificate'");
                break;
            case AppScriptCredential.Secret secret:
                s.AppendLine("# A client secret made by Entra now, valid for 12 months. Entra shows its value only once: it goes to a file");
                s.AppendLine("# only you can read, never to the screen. Add a new one before this one ends (EndDateTime below).");
                s.AppendLine(CultureInfo.InvariantCulture, $"$password = Add-MgApplicationPassword -ApplicationId $app.Id -PasswordCredential @{{ DisplayName = {Quote($"idpfed {tenant.Name}")}; EndDateTime = (Get-Date).AddMonths(12) }}");
                s.AppendLine(CultureInfo.InvariantCulture, $"$secretFile = {Quote(secret.SecretFile)}");
                s.AppendLine("New-Item -ItemType File -Path $secretFile -Force | Out-Null");
                s.AppendLine("if ($IsLinux -or $IsMacOS) { chmod 600 $secretFile }");
                s.AppendLine("Set-Content -Path $secretFile -Value $password.SecretText -NoNewline");
                s.AppendLine("Remove-Variable password");
                s.AppendLine("Write-Host \"Client secret written to $secretFile\"");
                break;
        }

        s.AppendLine();
    }

    private static void Summary(StringBuilder s, ProvisioningTenantOptions tenant, AppScriptCredential credential)
    {
        s.AppendLine("# What to put in the configuration.");
        s.AppendLine("$tenantId = (Get-MgContext).TenantId");
        s.AppendLine("Write-Host ''");
        s.AppendLine(CultureInfo.InvariantCulture, $"Write-Host {Quote($"Set these under Idp:Provisioning:Tenants (Name \"{tenant.Name}\"):")}");
        s.AppendLine("Write-Host \"  TenantId: $tenantId\"");
        s.AppendLine("Write-Host \"  ClientId: $($app.AppId)\"");
        var line = credential switch
        {
            AppScriptCredential.Certificate c => $"  CertificatePath: {c.SourcePath} (the file with the private key)",
            AppScriptCredential.Secret secret => $"  ClientSecretFile: {secret.SecretFile}",
            _ => throw new ArgumentOutOfRangeException(nameof(credential)),
        };
        s.AppendLine(CultureInfo.InvariantCulture, $"Write-Host {Quote(line)}");
        s.AppendLine("Write-Host 'Permissions and roles can take a few minutes to reach new tokens; then run: idpfed provision verify'");
    }
}

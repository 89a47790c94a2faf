using System.CommandLine;
using IdpFederation.Core.Configuration;
using IdpFederation.Infrastructure.Provisioning.AppRegistration;

namespace IdpFederation.Cli;

/// <summary>
/// idpfed provision app-script: writes the Microsoft Graph PowerShell that registers a tenant's provisioning app with
/// exactly the permissions its configured features need. The script never holds a secret.
/// </summary>
internal static class ProvisionAppScriptCommand
{
    public static Command Create(CliContext context)
    {
        var tenant = new Option<string?>("--tenant") { Description = "The tenant (its Name under Idp:Provisioning:Tenants); needed when several are configured." };
        var certificate = new Option<string?>("--certificate") { Description = "Upload this certificate (PEM, DER or PFX; its public part only). Default: the tenant's CertificatePath." };
        var secret = new Option<bool>("--secret") { Description = "Have Entra create a client secret when the script runs, written to the tenant's ClientSecretFile." };
        var importGroups = new Option<bool>("--import-groups") { Description = "Also grant GroupMember.Read.All, for a one-time import of groups as roles." };
        var output = new Option<string?>("--output") { Description = "Write the script to this file instead of standard output." };
        var command = new Command("app-script", "Write the PowerShell that registers the Entra app with the least permissions our configured features need.")
        {
            tenant, certificate, secret, importGroups, output,
        };
        command.SetAction(context.Run((parse, session, ct) =>
        {
            var options = ProvisionTenants.One(session.Options, parse.GetValue(tenant));
            var credential = Credential(session, options, parse.GetValue(certificate), parse.GetValue(secret));
            try
            {
                var script = AppRegistrationScript.Write(options, credential, TimeProvider.System.GetUtcNow(), parse.GetValue(importGroups));
                var path = parse.GetValue(output);
                if (path is null)
                {
                    context.Console.Out.Write(script);
                    return Task.CompletedTask;
                }

                File.WriteAllText(Path.GetFullPath(path), script);
                context.Console.Out.WriteLine($"Wrote {Path.GetFullPath(path)}: run it with pwsh as a Privileged Role Administrator, then idpfed provision verify --tenant {options.Name}.");
                return Task.CompletedTask;
            }
            finally
            {
                (credential as AppScriptCredential.Certificate)?.Value.Dispose();
            }
        }, migrateDirectory: false));
        return command;
    }

    private static AppScriptCredential Credential(CliSession session, ProvisioningTenantOptions tenant, string? certificate, bool secret)
    {
        if (certificate is not null && secret)
        {
            throw new CliUsageException("Pass --certificate PATH or --secret, not both.");
        }

        var setting = $"Idp:Provisioning:Tenants[{tenant.Name}]";
        if (certificate is not null)
        {
            var path = Path.GetFullPath(certificate);
            return new AppScriptCredential.Certificate(AppCertificateReader.ReadPublic(path, "--certificate"), path);
        }

        if (!secret && !string.IsNullOrWhiteSpace(tenant.CertificatePath))
        {
            var path = session.Paths.ResolveConfigPath(tenant.CertificatePath);
            var passwordFile = string.IsNullOrWhiteSpace(tenant.CertificatePasswordFile) ? null : session.Paths.ResolveConfigPath(tenant.CertificatePasswordFile);
            return new AppScriptCredential.Certificate(AppCertificateReader.ReadPublic(path, $"{setting}:CertificatePath", passwordFile), path);
        }

        if (secret || !string.IsNullOrWhiteSpace(tenant.ClientSecretFile) || !string.IsNullOrWhiteSpace(tenant.ClientSecretVariable))
        {
            // The script writes the new secret where the tenant reads it; with only a variable configured, next to the config.
            var file = string.IsNullOrWhiteSpace(tenant.ClientSecretFile)
                ? Path.Combine(session.Paths.ConfigDirectory, $"{tenant.Name}-client-secret.txt")
                : session.Paths.ResolveConfigPath(tenant.ClientSecretFile);
            return new AppScriptCredential.Secret(file);
        }

        throw new CliUsageException($"{setting} has no credential configured: pass --certificate PATH or --secret.");
    }
}

using System.CommandLine;
using System.Security.Cryptography.X509Certificates;
using IdpFederation.Core.Auditing;
using IdpFederation.Core.Federation;
using IdpFederation.Core.Tokens.Rollover;
using IdpFederation.Infrastructure.Certificates.Rollover;

namespace IdpFederation.Cli;

/// <summary>idpfed cert new, status and promote: the operator's side of certificate rollover (README "Certificate rollover").</summary>
internal static class CertRolloverCommands
{
    public static Command New(CliContext context)
    {
        var import = new Option<string?>("--import") { Description = "Import this PFX (.pfx/.p12) instead of generating a certificate." };
        var passwordFile = new Option<string?>("--password-file") { Description = "File whose first line is the PFX (or encrypted PEM key) password." };
        var pem = new Option<string?>("--pem") { Description = "Import this PEM certificate (with --key) instead of generating one." };
        var key = new Option<string?>("--key") { Description = "The PEM private key of --pem." };
        var validityDays = new Option<int?>("--validity-days") { Description = "Validity of a generated certificate (default Idp:Signing:Rollover:ValidityDays, 365)." };
        var keySize = new Option<int?>("--key-size") { Description = "RSA key size of a generated certificate: 2048, 3072 (default) or 4096." };
        var replace = new Option<bool>("--replace") { Description = "Replace an existing next certificate (it is kept as retired)." };
        var command = new Command("new", "Generate or import the next signing certificate: published in metadata at once, pushed to Entra, promoted once every federated domain holds it.")
        {
            import, passwordFile, pem, key, validityDays, keySize, replace,
        };
        command.SetAction(context.Run(async (parse, session, ct) =>
        {
            var (importPath, pemPath, keyPath) = (parse.GetValue(import), parse.GetValue(pem), parse.GetValue(key));
            if (importPath is not null && pemPath is not null)
            {
                throw new CliUsageException("Use either --import (a PFX) or --pem with --key, not both.");
            }

            if ((pemPath is null) != (keyPath is null))
            {
                throw new CliUsageException("--pem and --key go together: the PEM certificate and its private key.");
            }

            var imported = importPath is not null || pemPath is not null;
            if (imported && (parse.GetValue(validityDays) is not null || parse.GetValue(keySize) is not null))
            {
                throw new CliUsageException("--validity-days and --key-size apply to a generated certificate, not to an imported one.");
            }

            var rollover = session.Options.Signing.Rollover;
            var now = session.Get<TimeProvider>().GetUtcNow();
            var days = parse.GetValue(validityDays) ?? rollover.ValidityDays;
            var bits = parse.GetValue(keySize) ?? rollover.KeySize;
            if (!imported && (days is < 30 or > 3650 || bits is not (2048 or 3072 or 4096)))
            {
                throw new CliUsageException("--validity-days must be 30 to 3650 and --key-size 2048, 3072 or 4096.");
            }

            using var certificate = importPath is not null ? CertificateImport.FromPfx(importPath, parse.GetValue(passwordFile))
                : pemPath is not null ? CertificateImport.FromPem(pemPath, keyPath!, parse.GetValue(passwordFile))
                : SigningCertificateGenerator.Create(session.Options.PublicBaseUrl, now, days, bits);
            if (SigningCertificateRules.Refusal(certificate, now) is { } refusal)
            {
                throw new CliRefusedException("Refused: " + refusal);
            }

            var store = session.Get<ISigningCertificateStore>();
            try
            {
                await store.AddNextAsync(certificate, Actor, parse.GetValue(replace), ct).ConfigureAwait(false);
            }
            catch (SigningCertificateConflictException conflict)
            {
                throw new CliRefusedException("Refused: " + conflict.Message);
            }

            var reason = imported ? SigningCertificateAudit.Imported : SigningCertificateAudit.Generated;
            await session.Get<IAuditLog>().WriteAsync(SigningCertificateAudit.Create(now, Actor, reason,
                new { next = certificate.Thumbprint, notAfter = certificate.NotAfter.ToUniversalTime(), replace = parse.GetValue(replace) }), ct).ConfigureAwait(false);
            var output = context.Console.Out;
            output.WriteLine($"Next signing certificate {certificate.Thumbprint} ({certificate.Subject}), valid until {certificate.NotAfter.ToUniversalTime():yyyy-MM-dd}.");
            output.WriteLine($"Every server publishes it in metadata within {rollover.RefreshInterval.TotalSeconds:0} s. The rollover worker pushes it to every " +
                "federated domain as nextSigningCertificate and switches signing once every domain holds it (idpfed cert status shows progress).");
        }));
        return command;
    }

    public static Command Status(CliContext context)
    {
        var json = new Option<bool>("--json") { Description = "Print JSON instead of text." };
        var command = new Command("status", "Show the current, next and retired signing certificates, expiry warnings, and which certificates Entra holds per federated domain.") { json };
        command.SetAction(context.Run(async (parse, session, ct) =>
        {
            var view = await CertStatusView.BuildAsync(session, ct).ConfigureAwait(false);
            if (parse.GetValue(json))
            {
                CliOutput.WriteJson(context.Console.Out, view);
            }
            else
            {
                view.WriteText(context.Console.Out);
            }
        }));
        return command;
    }

    public static Command Promote(CliContext context)
    {
        var force = new Option<bool>("--force") { Description = "Promote even when some federated domain does not hold the next certificate (its sign-ins fail until it does)." };
        var command = new Command("promote", "Switch token signing to the next certificate now, on every server instance.") { force };
        command.SetAction(context.Run(async (parse, session, ct) =>
        {
            var store = session.Get<ISigningCertificateStore>();
            var rows = await store.ListAsync(ct).ConfigureAwait(false);
            var next = rows.FirstOrDefault(r => r.State == SigningCertificateState.Next)
                ?? throw new CliRefusedException("Refused: there is no next certificate in the database; run idpfed cert new first.");
            var now = session.Get<TimeProvider>().GetUtcNow();
            if (now < next.NotBefore)
            {
                throw new CliRefusedException($"Refused: the next certificate {next.Thumbprint} is not valid before {CliOutput.Timestamp(next.NotBefore)}.");
            }

            var entra = await EntraView.ReadAsync(session, ct).ConfigureAwait(false);
            var missing = entra.Domains?.Where(d => !d.Holds(next.Thumbprint)).Select(d => d.Domain).ToList();
            var forced = parse.GetValue(force);
            if (!forced && missing is null)
            {
                throw new CliRefusedException($"Refused: Entra was not asked ({entra.NotAskedReason}), so it is unknown whether every federated domain holds {next.Thumbprint}; pass --force to promote anyway.");
            }

            if (!forced && missing is { Count: > 0 })
            {
                throw new CliRefusedException($"Refused: these federated domains do not hold {next.Thumbprint} yet: {string.Join(", ", missing)}. " +
                    "Wait for the rollover worker's push (idpfed cert status), or pass --force.");
            }

            var current = rows.FirstOrDefault(r => r.State == SigningCertificateState.Current)?.Thumbprint;
            if (!await store.PromoteAsync(next.Thumbprint, now, ct).ConfigureAwait(false))
            {
                throw new CliRefusedException($"Refused: {next.Thumbprint} is no longer the next certificate (promoted or replaced meanwhile); see idpfed cert status.");
            }

            await session.Get<IAuditLog>().WriteAsync(SigningCertificateAudit.Create(now, Actor, SigningCertificateAudit.Promoted,
                new { promoted = next.Thumbprint, retired = current, forced, missing }), ct).ConfigureAwait(false);
            context.Console.Out.WriteLine($"Promoted {next.Thumbprint}: every server instance signs with it within " +
                $"{session.Options.Signing.Rollover.RefreshInterval.TotalSeconds:0} s; the rollover worker then pushes it to Entra as signingCertificate, with the old one as nextSigningCertificate.");
        }));
        return command;
    }

    /// <summary>Who ran the command, for the audit log: the operating-system account.</summary>
    internal static string Actor => Environment.UserName;
}

/// <summary>What Entra holds per federated domain, or why it was not asked.</summary>
internal sealed record EntraView(IReadOnlyList<EntraDomainCertificates>? Domains, string? NotAskedReason)
{
    public static async Task<EntraView> ReadAsync(CliSession session, CancellationToken ct)
    {
        // Optional: the Graph side registers it when a Graph connection exists; without it the CLI says so rather than fail.
        if (session.Services.GetService(typeof(IEntraFederationCertificates)) is not IEntraFederationCertificates entra)
        {
            return new(null, "no Entra federation connection is registered (a Graph connection for federation is needed)");
        }

        try
        {
            return new(await entra.ReadAsync(ct).ConfigureAwait(false), null);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return new(null, $"reading from Graph failed: {ex.Message}");
        }
    }
}

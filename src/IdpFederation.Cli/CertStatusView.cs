using IdpFederation.Core.Tokens.Rollover;

namespace IdpFederation.Cli;

/// <summary>idpfed cert status: the certificates, their expiry warnings, and what Entra holds per domain.</summary>
internal sealed record CertStatusView(
    CertStatusView.Certificate? Current,
    CertStatusView.Certificate? Next,
    IReadOnlyList<CertStatusView.Certificate> Retired,
    IReadOnlyList<string> Warnings,
    bool EntraAsked,
    string? EntraNotAskedReason,
    IReadOnlyList<CertStatusView.Domain> Domains)
{
    /// <param name="Source">"managed" (database), "Idp:Signing:Current", "Idp:Signing:Next" or "development".</param>
    internal sealed record Certificate(string Thumbprint, string Subject, string Source, DateTimeOffset NotBefore, DateTimeOffset NotAfter,
        int DaysLeft, DateTimeOffset? PromotedAt, DateTimeOffset? RetiredAt, string? CreatedBy);

    /// <param name="SigningRole">Which of ours Entra's signingCertificate is: current, next, retired or unknown.</param>
    internal sealed record Domain(string Name, string? Signing, string SigningRole, string? Next, string NextRole, bool HoldsNext);

    public static async Task<CertStatusView> BuildAsync(CliSession session, CancellationToken ct)
    {
        var now = session.Get<TimeProvider>().GetUtcNow();
        var rows = await session.Get<ISigningCertificateStore>().ListAsync(ct).ConfigureAwait(false);
        var warnings = new List<string>();
        Certificate FromRow(ManagedSigningCertificate r) => new(r.Thumbprint, r.Subject, "managed", r.NotBefore, r.NotAfter,
            CertificateExpiry.DaysLeft(r.NotAfter, now), r.PromotedAt, r.RetiredAt, r.CreatedBy);

        Certificate? configuredNext = null;
        var current = rows.FirstOrDefault(r => r.State == SigningCertificateState.Current) is { } c ? FromRow(c) : Configured(session, now, warnings, out configuredNext);
        // Before the first rollover the configured Idp:Signing:Next is published; a database Next takes its place.
        var next = rows.FirstOrDefault(r => r.State == SigningCertificateState.Next) is { } n ? FromRow(n) : configuredNext;

        var retired = rows.Where(r => r.State == SigningCertificateState.Retired).Select(FromRow).ToList();
        foreach (var certificate in new[] { current, next })
        {
            if (certificate is not null && CertificateExpiry.Warning(certificate.Thumbprint, certificate.NotAfter, now) is { } warning)
            {
                warnings.Add(warning + (certificate == current && next is null ? "; run idpfed cert new" : ""));
            }
        }

        var entra = await EntraView.ReadAsync(session, ct).ConfigureAwait(false);
        var domains = (entra.Domains ?? []).Select(d => new Domain(d.Domain, d.SigningThumbprint, Role(d.SigningThumbprint, current, next, retired),
            d.NextThumbprint, Role(d.NextThumbprint, current, next, retired), next is not null && d.Holds(next.Thumbprint))).ToList();
        return new CertStatusView(current, next, retired, warnings, entra.Domains is not null, entra.NotAskedReason, domains);
    }

    private static Certificate? Configured(CliSession session, DateTimeOffset now, List<string> warnings, out Certificate? next)
    {
        next = null;
        try
        {
            var configured = CertCommands.LoadConfigured(session);
            using (configured.Current)
            using (configured.Next)
            {
                var source = session.Options.Signing.Current is { Path.Length: > 0 } ? "Idp:Signing:Current" : "development";
                next = configured.Next is { } n ? Describe(n, "Idp:Signing:Next", now) : null;
                return Describe(configured.Current, source, now);
            }
        }
        catch (InvalidOperationException ex)
        {
            warnings.Add("the configured signing certificate cannot be read: " + ex.Message);
            return null;
        }
    }

    private static Certificate Describe(System.Security.Cryptography.X509Certificates.X509Certificate2 certificate, string source, DateTimeOffset now)
    {
        var notAfter = new DateTimeOffset(certificate.NotAfter.ToUniversalTime());
        return new(certificate.Thumbprint, certificate.Subject, source, new DateTimeOffset(certificate.NotBefore.ToUniversalTime()), notAfter,
            CertificateExpiry.DaysLeft(notAfter, now), null, null, null);
    }

    private static string Role(string? thumbprint, Certificate? current, Certificate? next, List<Certificate> retired) =>
        thumbprint is null ? "-"
        : Is(current, thumbprint) ? "current"
        : Is(next, thumbprint) ? "next"
        : retired.Any(r => Is(r, thumbprint)) ? "retired"
        : "unknown";

    private static bool Is(Certificate? certificate, string thumbprint) =>
        certificate is not null && string.Equals(certificate.Thumbprint, thumbprint, StringComparison.OrdinalIgnoreCase);

    public void WriteText(TextWriter output)
    {
        Write(output, "Current", Current);
        Write(output, "Next", Next);
        foreach (var retired in Retired)
        {
            Write(output, "Retired", retired);
        }

        output.WriteLine(Warnings.Count == 0 ? "Warnings: none" : "Warnings:");
        foreach (var warning in Warnings)
        {
            output.WriteLine("  WARNING: " + warning);
        }

        if (!EntraAsked)
        {
            output.WriteLine($"Entra: not asked: {EntraNotAskedReason}.");
            return;
        }

        output.WriteLine(Domains.Count == 0 ? "Entra: no configured domain is federated with us." : "Entra holds, per federated domain:");
        foreach (var domain in Domains)
        {
            output.WriteLine($"  {domain.Name}: signing {domain.Signing ?? "-"} ({domain.SigningRole}), next {domain.Next ?? "-"} ({domain.NextRole})" +
                (Next is null ? "" : domain.HoldsNext ? "; holds the next certificate" : "; does NOT hold the next certificate yet"));
        }
    }

    private static void Write(TextWriter output, string title, Certificate? certificate)
    {
        if (certificate is null)
        {
            output.WriteLine($"{title + ":",-9} none");
            return;
        }

        output.WriteLine($"{title + ":",-9} {certificate.Thumbprint} {certificate.Subject} [{certificate.Source}] " +
            $"valid {CliOutput.Timestamp(certificate.NotBefore)} to {CliOutput.Timestamp(certificate.NotAfter)} ({certificate.DaysLeft} days left)" +
            (certificate.PromotedAt is { } promoted ? $", promoted {CliOutput.Timestamp(promoted)}" : "") +
            (certificate.RetiredAt is { } retired ? $", retired {CliOutput.Timestamp(retired)}" : "") +
            (certificate.CreatedBy is { } by ? $", created by {by}" : ""));
    }
}

using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace IdpFederation.Infrastructure.Federation;

/// <summary>
/// The certificates a federation script passes, each in a PowerShell variable built from short lines so no line of
/// the script runs much past 120 characters; most scripts have one signing and one next certificate, shared by
/// every domain. The comment above each names it (subject, SHA-1 thumbprint as Entra shows it, expiry).
/// </summary>
internal sealed class CertificateVariables
{
    private const int ChunkLength = 96;

    private readonly List<(string Variable, string Base64)> _variables = [];

    public static CertificateVariables For(IEnumerable<FederationScriptDomain> domains)
    {
        var variables = new CertificateVariables();
        foreach (var settings in domains.Select(d => d.Settings))
        {
            variables.Add("signingCertificate", settings.SigningCertificate);
            if (settings.NextSigningCertificate is { } next)
            {
                variables.Add("nextSigningCertificate", next);
            }
        }

        return variables;
    }

    /// <summary>The variable holding this base64 certificate, as a parameter value ("$signingCertificate").</summary>
    public string Variable(string base64) => "$" + _variables.First(v => v.Base64 == base64).Variable;

    public void Write(StringBuilder s, string indent)
    {
        foreach (var (variable, base64) in _variables)
        {
            foreach (var line in Describe(base64))
            {
                s.AppendLine(CultureInfo.InvariantCulture, $"{indent}# {line}");
            }

            s.AppendLine(CultureInfo.InvariantCulture, $"{indent}${variable} = -join @(");
            for (var i = 0; i < base64.Length; i += ChunkLength)
            {
                s.AppendLine(CultureInfo.InvariantCulture, $"{indent}    '{base64.AsSpan(i, Math.Min(ChunkLength, base64.Length - i))}'");
            }

            s.AppendLine(indent + ")");
        }

        s.AppendLine();
    }

    private void Add(string name, string base64)
    {
        if (_variables.Any(v => v.Base64 == base64))
        {
            return;
        }

        // A second distinct certificate of the same kind (domains configured apart) gets a number.
        var count = _variables.Count(v => v.Variable == name || v.Variable.StartsWith(name, StringComparison.Ordinal) && char.IsDigit(v.Variable[^1]));
        _variables.Add((count == 0 ? name : name + (count + 1).ToString(CultureInfo.InvariantCulture), base64));
    }

    private static string[] Describe(string base64)
    {
        byte[] der;
        try
        {
            der = Convert.FromBase64String(base64);
        }
        catch (FormatException ex)
        {
            throw new InvalidDataException("A signing certificate for the federation script is not base64.", ex);
        }

        using var certificate = X509CertificateLoader.LoadCertificate(der);
        return
        [
            PowerShell.PowerShellText.Comment(certificate.Subject),
            string.Create(CultureInfo.InvariantCulture, $"SHA-1 thumbprint {certificate.Thumbprint}, valid until {certificate.NotAfter.ToUniversalTime():yyyy-MM-dd HH:mm} UTC"),
        ];
    }
}

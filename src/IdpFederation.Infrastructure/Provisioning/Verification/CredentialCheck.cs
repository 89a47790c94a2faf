using System.Globalization;
using System.Text.RegularExpressions;
using Azure.Core;
using Azure.Identity;
using IdpFederation.Core.Configuration;
using IdpFederation.Infrastructure.Provisioning.Graph;

namespace IdpFederation.Infrastructure.Provisioning.Verification;

/// <summary>
/// Asks Entra for an app-only token (client credentials, RFC 6749 §4.4) the way every sync will. A refusal is Entra's
/// own AADSTS line with what to change; Entra never echoes the secret, and the token is handed back only so its claims
/// can be read, never printed.
/// </summary>
internal static partial class CredentialCheck
{
    public const string Name = "credentials";

    /// <summary>Entra starts warning about an expiring app credential 30 days ahead; we do the same.</summary>
    public static readonly TimeSpan ExpiryWarning = TimeSpan.FromDays(30);

    public static async Task<(CheckResult Result, string? Token)> RunAsync(GraphClients clients, ProvisioningTenantOptions tenant, TimeProvider time, CancellationToken cancellationToken)
    {
        TokenCredential credential;
        string scope;
        try
        {
            credential = clients.CreateCredential(tenant);
            scope = GraphClients.Scope(tenant.GraphBaseUrl);
        }
        catch (Exception ex) when (ex is InvalidDataException or UriFormatException or ArgumentException)
        {
            return (CheckResult.NotReady(Name, OneLine(ex.Message)), null);
        }

        AccessToken token;
        try
        {
            token = await credential.GetTokenAsync(new TokenRequestContext([scope]), cancellationToken).ConfigureAwait(false);
        }
        catch (AuthenticationFailedException ex)
        {
            return (CheckResult.NotReady(Name, Describe(ex, tenant)), null);
        }

        return (Certificate(clients, tenant, time) ?? CheckResult.Ready(Name, $"a token was issued for {Source(tenant)}."), token.Token);
    }

    private static CheckResult? Certificate(GraphClients clients, ProvisioningTenantOptions tenant, TimeProvider time)
    {
        using var certificate = clients.LoadCertificate(tenant);
        if (certificate is null)
        {
            return null;
        }

        var left = certificate.NotAfter.ToUniversalTime() - time.GetUtcNow().UtcDateTime;
        var expires = certificate.NotAfter.ToUniversalTime().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var name = $"certificate {certificate.Subject} (thumbprint {certificate.Thumbprint})";
        if (left < ExpiryWarning)
        {
            var when = left <= TimeSpan.Zero ? $"expired on {expires}" : $"expires on {expires}, in {Math.Max(0, (int)left.TotalDays)} days";
            return CheckResult.Warning(Name, $"a token was issued, but the {name} {when}: make a new one, upload it (idpfed provision app-script --certificate NEW) and point CertificatePath at it.");
        }

        return CheckResult.Ready(Name, $"a token was issued for the {name}, valid until {expires}.");
    }

    private static string Source(ProvisioningTenantOptions tenant) =>
        !string.IsNullOrWhiteSpace(tenant.ClientSecretFile) ? $"the client secret in {tenant.ClientSecretFile}"
        : $"the client secret in ${tenant.ClientSecretVariable}";

    /// <summary>Entra's answer as one line: "AADSTS7000215: Invalid client secret provided. ..." and the fix for it.</summary>
    private static string Describe(AuthenticationFailedException exception, ProvisioningTenantOptions tenant)
    {
        var text = string.Join(" ", Chain(exception).Select(e => e.Message));
        var entra = EntraError().Match(text);
        if (!entra.Success)
        {
            var transport = Chain(exception).OfType<HttpRequestException>().FirstOrDefault();
            return transport is not null
                ? $"cannot reach the authority {tenant.AuthorityHost}: {OneLine(transport.Message)} {OneLine(transport.InnerException?.Message ?? "")}".TrimEnd() + "; check AuthorityHost and, for a private CA, SSL_CERT_FILE."
                : OneLine(exception.Message);
        }

        var code = entra.Groups["code"].Value;
        var message = entra.Groups["message"].Value.Trim();
        return $"Entra refused the token: AADSTS{code}: {message} Fix: {Fix(code, tenant)}";
    }

    private static string Fix(string code, ProvisioningTenantOptions tenant) => code switch
    {
        "7000215" or "7000222" => $"add a new client secret to the app (idpfed provision app-script --secret, or Certificates & secrets → New client secret) and put its value, not its ID, in {SecretSetting(tenant)}.",
        "700027" or "700024" or "50027" => "upload this certificate to the app registration (idpfed provision app-script --certificate PATH, or Certificates & secrets → Upload certificate).",
        "700016" => "check ClientId: no app with that ID exists in this tenant (or its service principal is missing).",
        "90002" or "900023" => "check TenantId: Entra does not know that tenant.",
        "7000218" => "configure ClientSecretFile, ClientSecretVariable or CertificatePath.",
        _ => "check TenantId, ClientId and the credential against the app registration.",
    };

    private static string SecretSetting(ProvisioningTenantOptions tenant) =>
        !string.IsNullOrWhiteSpace(tenant.ClientSecretFile) ? $"the file {tenant.ClientSecretFile}" : $"the variable {tenant.ClientSecretVariable}";

    private static IEnumerable<Exception> Chain(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            yield return e;
        }
    }

    private static string OneLine(string text) =>
        string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    // Entra's error_description: "AADSTS<code>: <message> Trace ID: ... Correlation ID: ... Timestamp: ...".
    [GeneratedRegex(@"AADSTS(?<code>\d+):\s*(?<message>.*?)(?=\s*Trace ID:|\r|\n|$)", RegexOptions.CultureInvariant)]
    private static partial Regex EntraError();
}

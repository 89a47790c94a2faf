using System.Security.Cryptography.X509Certificates;
using IdpFederation.Core.Configuration;
using IdpFederation.Core.Federation;
using IdpFederation.Infrastructure.Federation;
using IdpFederation.Tests.Server;

namespace IdpFederation.Tests.Federation;

/// <summary>
/// The requests the snapshot, cmdlet and parser tests share. The certificates are committed public certificates
/// (Fixtures/*.crt, made once with openssl; their keys were never kept), so the scripts are the same on every run.
/// </summary>
internal static class FederationScriptFixtures
{
    public static readonly DateTimeOffset GeneratedAt = new(2026, 12, 3, 20, 0, 0, TimeSpan.Zero);

    public static string FixtureDirectory => Path.Combine(RepositoryPaths.Root, "tests", "IdpFederation.Tests", "Federation", "Fixtures");

    public static X509Certificate2 Certificate(string name) =>
        X509CertificateLoader.LoadCertificate(X509Certificate2.CreateFromPem(File.ReadAllText(Path.Combine(FixtureDirectory, name + ".crt"))).RawData);

    public static string Base64(string name)
    {
        using var certificate = Certificate(name);
        return Convert.ToBase64String(certificate.RawData);
    }

    /// <summary>The settings FederationSettingsBuilder makes for a domain, from the fixture certificates.</summary>
    public static DomainFederationSettings Settings(FederatedDomainOptions domain, bool withNext)
    {
        var options = new IdpOptions { PublicBaseUrl = "https://sts.contoso.com", Branding = { OrganizationName = "Contoso" } };
        using var signing = Certificate("signing");
        using var next = withNext ? Certificate("next") : null;
        return FederationSettingsBuilder.Build(options, domain, signing, next, activeEndpoints: false);
    }

    /// <summary>(a) One WS-Federation domain with a next certificate, no tenant configured.</summary>
    public static FederationScriptRequest WsFedWithNext() => new()
    {
        Domains = [new("contoso.com", Settings(new FederatedDomainOptions { Name = "contoso.com" }, withNext: true))],
        GeneratedAt = GeneratedAt,
    };

    /// <summary>
    /// (b) Two domains, one SAML with its own issuer and MFA behaviour, Revert as the default, a known tenant in the US
    /// Government cloud, and a subdomain left out because it follows its parent.
    /// </summary>
    public static FederationScriptRequest TwoDomainsRevert() => new()
    {
        Domains =
        [
            new("contoso.com", Settings(new FederatedDomainOptions { Name = "contoso.com" }, withNext: false)),
            new("fabrikam.com", Settings(
                new FederatedDomainOptions
                {
                    Name = "fabrikam.com",
                    IssuerUri = "https://sts.contoso.com/fabrikam",
                    Protocol = FederationProtocol.Saml,
                    FederatedIdpMfaBehavior = FederatedIdpMfaBehavior.EnforceMfaByFederatedIdp,
                    PromptLoginBehavior = PromptLoginBehavior.NativeSupport,
                    DisplayName = "Fabrikam O'Brien sign-in",
                },
                withNext: false)),
        ],
        TenantId = "7f3c1f1e-9a7e-4c39-9a43-2b8f0f3c1d10",
        GraphBaseUrl = "https://graph.microsoft.us/v1.0",
        RevertByDefault = true,
        FollowingSubdomains = [new("sales.contoso.com", "contoso.com")],
        GeneratedAt = GeneratedAt,
    };

    /// <summary>Every script the tests check, by snapshot name.</summary>
    public static IReadOnlyDictionary<string, string> Scripts() => new Dictionary<string, string>
    {
        ["ws-fed-with-next"] = FederationScriptWriter.Write(WsFedWithNext()),
        ["two-domains-revert"] = FederationScriptWriter.Write(TwoDomainsRevert()),
    };
}

using IdpFederation.Core.Configuration;
using IdpFederation.Core.Federation;
using IdpFederation.Infrastructure.Provisioning.Verification;

namespace IdpFederation.Infrastructure.Federation;

/// <summary>
/// Whether our public endpoints answer at the addresses Entra will be given: metadata (Entra polls it for new
/// certificates, §7) and the passive sign-in endpoint. MEX and WS-Trust are checked once we serve them (issue 14).
/// </summary>
public sealed class FederationEndpointProbe(HttpClient http)
{
    public async Task<IReadOnlyList<CheckResult>> ProbeAsync(IdpOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var root = options.PublicBaseUrl.TrimEnd('/');
        var metadata = await GetAsync(root + FederationEndpointPaths.Metadata, cancellationToken).ConfigureAwait(false);
        var passive = await GetAsync(root + FederationEndpointPaths.Passive, cancellationToken).ConfigureAwait(false);
        var https = Uri.TryCreate(root, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps;
        return
        [
            https
                ? CheckResult.Ready("https", $"{root} is https.")
                : CheckResult.NotReady("https", $"Idp:PublicBaseUrl {root} is not https: Entra refuses sign-in and sign-out addresses that are not https."),
            metadata.Status == 200 && metadata.Body.Contains("EntityDescriptor", StringComparison.Ordinal)
                ? CheckResult.Ready("metadata endpoint", $"{root + FederationEndpointPaths.Metadata} answers with federation metadata.")
                : CheckResult.NotReady("metadata endpoint", $"{root + FederationEndpointPaths.Metadata} {Describe(metadata)}: Entra reads new signing certificates from it. Check Idp:PublicBaseUrl, DNS, TLS and the reverse proxy."),
            // The passive endpoint answers a bare GET with our own "missing wa" error page (400): reachable is what counts.
            passive.Status is > 0 and < 500
                ? CheckResult.Ready("passive endpoint", $"{root + FederationEndpointPaths.Passive} answers (HTTP {passive.Status}).")
                : CheckResult.NotReady("passive endpoint", $"{root + FederationEndpointPaths.Passive} {Describe(passive)}: users are sent there to sign in. Check Idp:PublicBaseUrl, DNS, TLS and the reverse proxy."),
            CheckResult.Ready("MEX endpoint", "Not given to Entra: this release serves no WS-Trust, so rich clients use the browser sign-in."),
        ];
    }

    private async Task<(int Status, string Body)> GetAsync(string url, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await http.GetAsync(new Uri(url), cancellationToken).ConfigureAwait(false);
            return ((int)response.StatusCode, await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false));
        }
        catch (HttpRequestException ex)
        {
            return (0, ex.Message);
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (0, "timed out");
        }
    }

    private static string Describe((int Status, string Body) answer) =>
        answer.Status == 0 ? $"does not answer ({answer.Body})" : $"answers HTTP {answer.Status}";
}

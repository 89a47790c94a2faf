using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace IdpFederation.Infrastructure.State.Redis;

/// <summary>
/// Accepts a Redis server certificate only when it names the host connected to and chains to Idp:State:RedisCaFile
/// (with no CA file: to the machine's trusted roots), and is meant for TLS servers. Not the client's TrustIssuer: that also accepts any certificate the machine already
/// trusts, so a certificate from any public CA for a hijacked name would pass. Remembers why it last refused, so the
/// failure can be reported precisely (the client itself only says "AuthenticationFailure").
/// </summary>
public sealed class RedisServerCertificateCheck
{
    // id-kp-serverAuth (RFC 5280 §4.2.1.12).
    private static readonly System.Security.Cryptography.Oid ServerAuthentication = new("1.3.6.1.5.5.7.3.1");

    private readonly X509Certificate2Collection? _authorities;
    private volatile string? _lastRefusal;

    /// <param name="authorities">The CA file's certificates, or null to trust the machine's roots as TLS does by default.</param>
    public RedisServerCertificateCheck(X509Certificate2Collection? authorities) => _authorities = authorities;

    /// <summary>Why the last certificate was refused, or null when none has been.</summary>
    public string? LastRefusal => _lastRefusal;

    public bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (certificate is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
        {
            return Refuse("the server sent no certificate");
        }

        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch))
        {
            return Refuse("the server certificate does not name the host connected to (use a host name it carries, or sslHost= in Idp:State:Redis)");
        }

        if (_authorities is null)
        {
            _lastRefusal = errors == SslPolicyErrors.None ? null : "the server certificate is not trusted by this machine's roots; set Idp:State:RedisCaFile to the CA that issued it";
            return errors == SslPolicyErrors.None;
        }

        // SslStream hands over an X509Certificate2, which it owns; copy only in the unlikely other case.
        using var copy = certificate is X509Certificate2 ? null : new X509Certificate2(certificate);
        var server = copy ?? (X509Certificate2)certificate;
        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        custom.ChainPolicy.CustomTrustStore.AddRange(_authorities);
        // A private CA publishes no revocation list the IdP could reach; the CA file itself is the trust decision.
        custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        custom.ChainPolicy.ApplicationPolicy.Add(ServerAuthentication);
        if (chain is not null)
        {
            // Intermediates the server sent; they help build the path but never become trust anchors.
            foreach (var element in chain.ChainElements)
            {
                custom.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }

        if (custom.Build(server))
        {
            _lastRefusal = null;
            return true;
        }

        var status = string.Join(", ", custom.ChainStatus.Select(s => s.Status.ToString()).Distinct());
        return Refuse($"the server certificate '{server.Subject}' does not chain to the CA in Idp:State:RedisCaFile ({status})");
    }

    private bool Refuse(string reason)
    {
        _lastRefusal = reason;
        return false;
    }
}

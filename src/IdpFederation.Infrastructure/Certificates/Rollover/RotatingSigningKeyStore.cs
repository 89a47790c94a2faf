using System.Security.Cryptography.X509Certificates;
using IdpFederation.Core.Tokens;
using IdpFederation.Core.Tokens.Rollover;
using IdpFederation.Protocols.Signing;
using Microsoft.Extensions.Logging;

namespace IdpFederation.Infrastructure.Certificates.Rollover;

/// <summary>
/// The signing keys every instance shares through the database. The active set is the database's Current and Next when
/// the database has a Current; until the first rollover, Idp:Signing:Current (or the development certificate) signs, as
/// before, and a database Next is published beside it. Each instance re-reads the database every
/// Idp:Signing:Rollover:RefreshInterval and right after a change of its own.
/// </summary>
/// <remarks>
/// Why instances may switch a few seconds apart: a promotion is one database update, so every instance moves to the new
/// certificate at its next refresh. A certificate is promoted only once every federated domain holds it (PromotionRule),
/// and Entra accepts tokens signed by either signingCertificate or nextSigningCertificate (entra-federation.md §7), so a
/// token signed during the window by the old certificate (still held, as nextSigningCertificate after the post-promotion
/// push) or by the new one is accepted alike.
/// </remarks>
public sealed class RotatingSigningKeyStore : ISigningKeyStore, IDisposable
{
    private readonly SigningCertificates _configured;
    private readonly ISigningCertificateStore _store;
    private readonly TimeProvider _time;
    private readonly ILogger<RotatingSigningKeyStore> _logger;
    private readonly SemaphoreSlim _refreshing = new(1, 1);
    private readonly Dictionary<string, X509Certificate2> _loaded = new(StringComparer.OrdinalIgnoreCase);
    private volatile Active _active;

    public RotatingSigningKeyStore(SigningCertificates configured, ISigningCertificateStore store, TimeProvider time, ILogger<RotatingSigningKeyStore> logger)
    {
        ArgumentNullException.ThrowIfNull(configured);
        _configured = configured;
        _store = store;
        _time = time;
        _logger = logger;
        // No database read here: the store is resolved before the database is migrated. PrepareIdpAsync refreshes once
        // before the server listens, so no request is served with a stale set.
        _active = new Active(new SigningKeySet(configured.Current, configured.Next, null, false, false));
    }

    public XmlSigner Signer => _active.Signer;

    public CanonicalXmlSigner CanonicalSigner => _active.CanonicalSigner;

    public IReadOnlyList<X509Certificate2> PublishedCertificates => _active.Published;

    /// <summary>The set in use now.</summary>
    public SigningKeySet Keys => _active.Keys;

    /// <summary>Why the last refresh failed (the instance keeps its last good set), or null.</summary>
    public string? LastRefreshError { get; private set; }

    /// <summary>When the last refresh succeeded; null before the first.</summary>
    public DateTimeOffset? LastRefreshed { get; private set; }

    /// <summary>Reads the managed certificates and switches the active set when they changed. Never throws for a database or key-ring failure.</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        await _refreshing.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var rows = await _store.ListAsync(cancellationToken).ConfigureAwait(false);
            var keys = await BuildAsync(rows, cancellationToken).ConfigureAwait(false);
            var old = _active.Keys;
            if (!SameThumbprints(old, keys))
            {
                _active = new Active(keys);
                SigningLog.KeySetChanged(_logger, old.Current.Thumbprint, keys.Current.Thumbprint, keys.Secondary?.Thumbprint ?? "-");
            }

            LastRefreshError = null;
            LastRefreshed = _time.GetUtcNow();
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LastRefreshError = $"{ex.GetType().Name}: {ex.Message}";
            SigningLog.RefreshFailed(_logger, ex.GetType().Name, ex.Message);
        }
        finally
        {
            _refreshing.Release();
        }
    }

    private async Task<SigningKeySet> BuildAsync(IReadOnlyList<ManagedSigningCertificate> rows, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var current = rows.FirstOrDefault(r => r.State == SigningCertificateState.Current);
        var next = rows.FirstOrDefault(r => r.State == SigningCertificateState.Next);
        if (current is null)
        {
            var nextCertificate = next is null ? _configured.Next : await LoadAsync(next.Thumbprint, cancellationToken).ConfigureAwait(false);
            return new SigningKeySet(_configured.Current, nextCertificate, null, false, next is not null);
        }

        // The certificate the last promotion replaced: the newest retired one that once signed, else (after the first
        // promotion away from configured keys) the configured one.
        var previousRow = rows.Where(r => r.State == SigningCertificateState.Retired && r.PromotedAt is not null)
            .OrderByDescending(r => r.RetiredAt).FirstOrDefault();
        X509Certificate2? previous = previousRow is not null
            ? previousRow.NotAfter > now ? await LoadAsync(previousRow.Thumbprint, cancellationToken).ConfigureAwait(false) : null
            : _configured.Current.NotAfter.ToUniversalTime() > now.UtcDateTime && !Same(_configured.Current, current.Thumbprint) ? _configured.Current : null;
        return new SigningKeySet(
            await LoadAsync(current.Thumbprint, cancellationToken).ConfigureAwait(false),
            next is null ? null : await LoadAsync(next.Thumbprint, cancellationToken).ConfigureAwait(false),
            previous, true, next is not null);
    }

    /// <summary>Each managed key is unprotected once per process, not at every refresh.</summary>
    private async Task<X509Certificate2> LoadAsync(string thumbprint, CancellationToken cancellationToken)
    {
        if (_loaded.TryGetValue(thumbprint, out var cached))
        {
            return cached;
        }

        var loaded = await _store.LoadAsync(thumbprint, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"The managed signing certificate {thumbprint} disappeared from the database.");
        _loaded[thumbprint] = loaded;
        return loaded;
    }

    public void Dispose() => _refreshing.Dispose();

    private static bool Same(X509Certificate2 certificate, string thumbprint) =>
        string.Equals(certificate.Thumbprint, thumbprint, StringComparison.OrdinalIgnoreCase);

    private static bool SameThumbprints(SigningKeySet a, SigningKeySet b) =>
        a.Current.Thumbprint == b.Current.Thumbprint && a.Next?.Thumbprint == b.Next?.Thumbprint
        && a.Previous?.Thumbprint == b.Previous?.Thumbprint && a.CurrentIsManaged == b.CurrentIsManaged;

    /// <summary>
    /// One immutable snapshot, swapped whole, so a reader never pairs one set's signer with another's published list.
    /// Replaced signers are not disposed: a token being signed on another thread may still hold them, and their keys
    /// are freed by the garbage collector once unused. Rollovers are rare, so nothing piles up.
    /// </summary>
    private sealed class Active(SigningKeySet keys)
    {
        public SigningKeySet Keys { get; } = keys;
        public XmlSigner Signer { get; } = new(keys.Current);
        public CanonicalXmlSigner CanonicalSigner { get; } = new(keys.Current);
        public IReadOnlyList<X509Certificate2> Published { get; } = keys.Published.ToArray();
    }
}

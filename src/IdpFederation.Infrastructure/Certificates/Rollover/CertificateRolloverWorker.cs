using IdpFederation.Core.Auditing;
using IdpFederation.Core.Configuration;
using IdpFederation.Core.Federation;
using IdpFederation.Core.Provisioning;
using IdpFederation.Core.Tokens.Rollover;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IdpFederation.Infrastructure.Certificates.Rollover;

/// <summary>
/// Rolls the signing certificate over (entra-federation.md §7): generates the next certificate when the current managed
/// one nears expiry, pushes it to every federated domain as nextSigningCertificate, reads back what Entra holds, and
/// promotes it once every domain holds it (or at the safety margin). Every instance runs the loop; only the holder of
/// the "signing-rollover" lease acts, so Entra gets one writer.
/// </summary>
public sealed class CertificateRolloverWorker(
    RotatingSigningKeyStore keys,
    ISigningCertificateStore store,
    IProvisioningLease lease,
    IAuditLog audit,
    IServiceProvider services,
    IOptionsMonitor<IdpOptions> options,
    TimeProvider time,
    ILogger<CertificateRolloverWorker> logger) : BackgroundService
{
    public const string LeaseName = "signing-rollover";

    private readonly string _holder = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";

    /// <summary>Held a little longer than one pass may take; a dead holder's successor waits at most this.</summary>
    public static readonly TimeSpan LeaseDuration = TimeSpan.FromMinutes(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (await lease.TryAcquireAsync(LeaseName, _holder, LeaseDuration, stoppingToken).ConfigureAwait(false))
                {
                    await RunOnceAsync(stoppingToken).ConfigureAwait(false);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                SigningLog.PassFailed(logger, ex.GetType().Name, ex.Message);
            }

            try
            {
                await Task.Delay(options.CurrentValue.Signing.Rollover.CheckInterval, time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>One pass: generate if due, push, read back, promote if allowed. Returns what it decided (null when idle).</summary>
    public async Task<PromotionDecision?> RunOnceAsync(CancellationToken cancellationToken)
    {
        var rollover = options.CurrentValue.Signing.Rollover;
        await keys.RefreshAsync(cancellationToken).ConfigureAwait(false);
        await GenerateIfDueAsync(rollover, cancellationToken).ConfigureAwait(false);
        var set = keys.Keys;
        // Until the database holds a certificate, signing keys are the operator's (Idp:Signing): nothing to roll over.
        if (!set.CurrentIsManaged && !set.NextIsManaged)
        {
            return null;
        }

        var entra = services.GetService<IEntraFederationCertificates>();
        IReadOnlyList<EntraDomainCertificates>? held = null;
        if (entra is null)
        {
            SigningLog.EntraNotRegistered(logger);
        }
        else
        {
            held = await ReadAndPushAsync(entra, set, cancellationToken).ConfigureAwait(false);
        }

        if (set is not { Next: { } next, NextIsManaged: true })
        {
            return null;
        }

        var now = time.GetUtcNow();
        var decision = PromotionRule.Decide(set.Current.NotAfter.ToUniversalTime(), next.NotBefore.ToUniversalTime(), next.Thumbprint, held, now, rollover.SafetyMargin);
        var missing = string.Join(", ", decision.DomainsMissingIt);
        var reason = decision.Reason.ToString();
        if (!decision.Promote)
        {
            SigningLog.Waiting(logger, next.Thumbprint, reason, missing);
            return decision;
        }

        if (!await store.PromoteAsync(next.Thumbprint, now, cancellationToken).ConfigureAwait(false))
        {
            return decision with { Promote = false };
        }

        if (decision.Reason == PromotionReason.SafetyMargin)
        {
            SigningLog.PromotedWithoutDomains(logger, next.Thumbprint, missing);
        }

        SigningLog.Promoted(logger, next.Thumbprint, reason);
        await audit.WriteAsync(SigningCertificateAudit.Create(now, SigningCertificateAudit.WorkerActor, SigningCertificateAudit.Promoted,
            new { promoted = next.Thumbprint, retired = set.Current.Thumbprint, reason = decision.Reason.ToString(), missing = decision.DomainsMissingIt }),
            cancellationToken).ConfigureAwait(false);
        await keys.RefreshAsync(cancellationToken).ConfigureAwait(false);
        if (entra is not null)
        {
            // Entra now gets signingCertificate = the new one and nextSigningCertificate = the old one (SigningKeySet.Secondary),
            // so tokens the old certificate signed just before the switch stay valid for their lifetime.
            await ReadAndPushAsync(entra, keys.Keys, cancellationToken).ConfigureAwait(false);
        }

        return decision;
    }

    /// <summary>
    /// What every federated domain holds after pushing where it differs from what we publish; null when Graph fails,
    /// so that an Entra outage still lets the safety-margin promotion happen instead of aborting the pass.
    /// </summary>
    private async Task<IReadOnlyList<EntraDomainCertificates>?> ReadAndPushAsync(IEntraFederationCertificates entra, SigningKeySet set, CancellationToken cancellationToken)
    {
        try
        {
            var held = await entra.ReadAsync(cancellationToken).ConfigureAwait(false);
            if (Matches(held, set))
            {
                return held;
            }

            await PushAsync(entra, set, cancellationToken).ConfigureAwait(false);
            return await entra.ReadAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            SigningLog.EntraFailed(logger, ex.GetType().Name, ex.Message);
            return null;
        }
    }

    private async Task GenerateIfDueAsync(RolloverOptions rollover, CancellationToken cancellationToken)
    {
        var set = keys.Keys;
        var now = time.GetUtcNow();
        if (set.NextIsManaged || !(rollover.AutoGenerate ?? set.CurrentIsManaged)
            || set.Current.NotAfter.ToUniversalTime() - now.UtcDateTime > rollover.GenerationThreshold)
        {
            return;
        }

        using var created = SigningCertificateGenerator.Create(options.CurrentValue.PublicBaseUrl, now, rollover.ValidityDays, rollover.KeySize);
        try
        {
            await store.AddNextAsync(created, SigningCertificateAudit.WorkerActor, replace: false, cancellationToken).ConfigureAwait(false);
        }
        catch (SigningCertificateConflictException)
        {
            return; // the CLI added one meanwhile
        }

        var notAfter = created.NotAfter.ToUniversalTime();
        SigningLog.Generated(logger, created.Thumbprint, notAfter);
        await audit.WriteAsync(SigningCertificateAudit.Create(now, SigningCertificateAudit.WorkerActor, SigningCertificateAudit.Generated,
            new { next = created.Thumbprint, notAfter }), cancellationToken).ConfigureAwait(false);
        await keys.RefreshAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Whether every federated domain already holds exactly what we would push.</summary>
    private static bool Matches(IReadOnlyList<EntraDomainCertificates> held, SigningKeySet set) =>
        held.All(d => string.Equals(d.SigningThumbprint, set.Current.Thumbprint, StringComparison.OrdinalIgnoreCase)
            && string.Equals(d.NextThumbprint, set.Secondary?.Thumbprint, StringComparison.OrdinalIgnoreCase));

    private async Task PushAsync(IEntraFederationCertificates entra, SigningKeySet set, CancellationToken cancellationToken)
    {
        var results = await entra.PushAsync(set.Current, set.Secondary, cancellationToken).ConfigureAwait(false);
        foreach (var failed in results.Where(r => r.Error is not null))
        {
            SigningLog.PushFailed(logger, failed.Domain, failed.Error!);
        }

        var succeeded = results.Where(r => r.Error is null).Select(r => r.Domain).ToList();
        var secondary = set.Secondary?.Thumbprint ?? "-";
        var current = set.Current.Thumbprint;
        var failedCount = results.Count - succeeded.Count;
        SigningLog.Pushed(logger, current, secondary, succeeded.Count, failedCount);
        await audit.WriteAsync(SigningCertificateAudit.Create(time.GetUtcNow(), SigningCertificateAudit.WorkerActor, SigningCertificateAudit.Pushed,
            new { signing = set.Current.Thumbprint, next = set.Secondary?.Thumbprint, domains = succeeded, failed = results.Where(r => r.Error is not null).Select(r => r.Domain) },
            success: succeeded.Count == results.Count), cancellationToken).ConfigureAwait(false);
    }
}

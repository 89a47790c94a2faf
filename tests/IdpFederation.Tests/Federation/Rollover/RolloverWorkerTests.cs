using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using IdpFederation.Core.Auditing;
using IdpFederation.Core.Configuration;
using IdpFederation.Core.Federation;
using IdpFederation.Core.Provisioning;
using IdpFederation.Core.Tokens.Rollover;
using IdpFederation.Infrastructure.Certificates;
using IdpFederation.Infrastructure.Certificates.Rollover;
using IdpFederation.Infrastructure.Persistence;
using IdpFederation.Tests.CoreLayer;
using IdpFederation.Tests.Directory;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace IdpFederation.Tests.Federation.Rollover;

/// <summary>
/// The worker on injected time: it generates the next certificate at the generation threshold (here for a configured
/// current certificate, with AutoGenerate on), waits while a domain lacks it, and promotes at the safety margin anyway.
/// </summary>
[Trait("Kind", "Integration")]
public sealed class RolloverWorkerTests(SqliteDatabaseFixture database) : IClassFixture<SqliteDatabaseFixture>
{
    [Fact]
    public async Task Generates_at_the_threshold_waits_for_domains_then_promotes_at_the_safety_margin()
    {
        var start = DateTimeOffset.UtcNow;
        var time = new ManualTimeProvider(start);
        using var rsa = RSA.Create(2048);
        using var created = new CertificateRequest("CN=Configured", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
            .CreateSelfSigned(start.AddDays(-265), start.AddDays(100));
        using var configured = X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pkcs12), null, X509KeyStorageFlags.Exportable);
        var options = CoreTestFactory.DefaultOptions();
        options.Signing.Rollover.AutoGenerate = true;
        options.Signing.Rollover.KeySize = 2048;
        var store = new EfSigningCertificateStore(database.Services.GetRequiredService<IdpDbContextFactory>(),
            new SigningKeyProtector(new EphemeralDataProtectionProvider()), time);
        using var keys = new RotatingSigningKeyStore(new SigningCertificates(configured, null), store, time, NullLogger<RotatingSigningKeyStore>.Instance);
        var entra = new FakeEntraFederationCertificates("contoso.com", "fabrikam.com");
        entra.Refusing.Add("fabrikam.com");
        var audit = new FakeAuditLog();
        await using var services = new ServiceCollection().AddSingleton<IEntraFederationCertificates>(entra).BuildServiceProvider();
        var worker = new CertificateRolloverWorker(keys, store, new NoLease(), audit, services, new TestOptionsMonitor<IdpOptions>(options), time,
            NullLogger<CertificateRolloverWorker>.Instance);

        // 40 days before expiry: outside the 35-day threshold, nothing happens.
        time.SetUtcNow(start.AddDays(60));
        Assert.Null(await worker.RunOnceAsync(CancellationToken.None));
        Assert.Empty(entra.Pushes);

        // 30 days before expiry: a next certificate is generated, pushed, and waits for fabrikam.com.
        time.SetUtcNow(start.AddDays(70));
        var waiting = await worker.RunOnceAsync(CancellationToken.None);
        Assert.Equal(PromotionReason.WaitingForDomains, waiting!.Reason);
        var next = keys.Keys.Next!;
        Assert.Equal((configured.Thumbprint, next.Thumbprint), entra.Pushes[^1]);
        Assert.Equal(configured.Thumbprint, keys.Keys.Current.Thumbprint);
        Assert.Contains(audit.Events, e => e.Reason == SigningCertificateAudit.Generated && e.Username == SigningCertificateAudit.WorkerActor);

        // 4 days before expiry, within the 5-day safety margin: promoted although fabrikam.com still lacks it.
        time.SetUtcNow(start.AddDays(96));
        var promoted = await worker.RunOnceAsync(CancellationToken.None);
        Assert.Equal(PromotionReason.SafetyMargin, promoted!.Reason);
        Assert.Equal(["fabrikam.com"], promoted.DomainsMissingIt);
        Assert.Equal(next.Thumbprint, keys.Keys.Current.Thumbprint);
        Assert.Equal(configured.Thumbprint, keys.Keys.Previous?.Thumbprint);
        Assert.Equal((next.Thumbprint, configured.Thumbprint), entra.Pushes[^1]);
        var promotion = Assert.Single(audit.Events, e => e.EventType == AuditEventTypes.SigningCertificate && e.Reason == SigningCertificateAudit.Promoted);
        Assert.Contains("fabrikam.com", promotion.Details, StringComparison.Ordinal);
    }

    internal sealed class NoLease : IProvisioningLease
    {
        public Task<bool> TryAcquireAsync(string name, string holder, TimeSpan duration, CancellationToken cancellationToken = default) => Task.FromResult(true);

        public Task ReleaseAsync(string name, string holder, CancellationToken cancellationToken = default) => Task.CompletedTask;
    }
}

/// <summary>An Entra outage must not stop the safety-margin promotion: an expired signer would fail every domain.</summary>
[Trait("Kind", "Integration")]
public sealed class RolloverWorkerOutageTests(SqliteDatabaseFixture database) : IClassFixture<SqliteDatabaseFixture>
{
    [Fact]
    public async Task When_Graph_fails_the_worker_still_promotes_at_the_safety_margin()
    {
        var start = DateTimeOffset.UtcNow;
        var time = new ManualTimeProvider(start);
        using var current = SigningCertificateGenerator.Create("https://sts.contoso.com", start.AddDays(-361), 365, 2048);
        var store = new EfSigningCertificateStore(database.Services.GetRequiredService<IdpDbContextFactory>(),
            new SigningKeyProtector(new EphemeralDataProtectionProvider()), time);
        using var next = SigningCertificateGenerator.Create("https://sts.contoso.com", start, 365, 2048);
        await store.AddNextAsync(next, "alice", replace: true, CancellationToken.None);
        using var keys = new RotatingSigningKeyStore(new SigningCertificates(current, null), store, time, NullLogger<RotatingSigningKeyStore>.Instance);
        await using var services = new ServiceCollection().AddSingleton<IEntraFederationCertificates>(new FailingEntra()).BuildServiceProvider();
        var worker = new CertificateRolloverWorker(keys, store, new RolloverWorkerTests.NoLease(), new FakeAuditLog(), services,
            new TestOptionsMonitor<IdpOptions>(CoreTestFactory.DefaultOptions()), time, NullLogger<CertificateRolloverWorker>.Instance);

        var decision = await worker.RunOnceAsync(CancellationToken.None);

        Assert.Equal(PromotionReason.SafetyMargin, decision!.Reason);
        Assert.Equal(next.Thumbprint, keys.Keys.Current.Thumbprint);
    }

    private sealed class FailingEntra : IEntraFederationCertificates
    {
        public Task<IReadOnlyList<EntraDomainCertificates>> ReadAsync(CancellationToken cancellationToken) =>
            throw new HttpRequestException("Graph is down");

        public Task<IReadOnlyList<CertificatePushResult>> PushAsync(X509Certificate2 signing, X509Certificate2? nextSigning, CancellationToken cancellationToken) =>
            throw new HttpRequestException("Graph is down");
    }
}

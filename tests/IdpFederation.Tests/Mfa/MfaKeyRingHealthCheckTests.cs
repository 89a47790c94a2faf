using System.Xml.Linq;
using IdpFederation.Core.Mfa;
using IdpFederation.Server.Health;
using IdpFederation.Tests.CoreLayer;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace IdpFederation.Tests.Mfa;

/// <summary>
/// The mfa-keys readiness check answers from the key ring alone: a probe, which anyone may send every few seconds,
/// never decrypts a user's seed, yet still reports a key ring that has lost (or revoked) the seeds' key. The check is
/// built by the container from a real key-ring-based Data Protection stack whose provider counts every Unprotect.
/// </summary>
[Trait("Kind", "Unit")]
public sealed class MfaKeyRingHealthCheckTests : IDisposable
{
    private readonly CoreTestFactory _factory = new();
    private readonly InMemoryXmlRepository _repository = new();
    private readonly ServiceProvider _services;
    private readonly CountingDataProtectionProvider _counting;

    public MfaKeyRingHealthCheckTests()
    {
        _services = Services(_factory, _repository).BuildServiceProvider();
        _counting = _services.GetRequiredService<CountingDataProtectionProvider>();
    }

    public void Dispose() => _services.Dispose();

    [Fact]
    public async Task A_probe_does_not_unprotect_the_seed_and_reports_a_readable_key_ring_healthy()
    {
        PutConfirmedSeed(new MfaSecretProtector(_services.GetRequiredService<IDataProtectionProvider>()));

        var result = await ProbeAsync();

        Assert.Equal(HealthStatus.Healthy, result.Status);
        Assert.Equal(0, _counting.Unprotects);
    }

    [Fact]
    public async Task A_seed_protected_by_another_key_ring_is_degraded_without_unprotecting_it()
    {
        using (var other = Services(new CoreTestFactory(), new InMemoryXmlRepository()).BuildServiceProvider())
        {
            PutConfirmedSeed(new MfaSecretProtector(other.GetRequiredService<IDataProtectionProvider>()));
        }

        var result = await ProbeAsync();

        Assert.Equal(HealthStatus.Degraded, result.Status);
        Assert.Equal(0, _counting.Unprotects);
    }

    [Fact]
    public async Task A_revoked_key_is_degraded_without_unprotecting_the_seed()
    {
        // Another node on the same key repository protects the seed and then revokes the key; this node reads the
        // repository afresh (a node that cached the ring earlier sees the revocation when Data Protection refreshes it).
        using (var other = Services(new CoreTestFactory(), _repository).BuildServiceProvider())
        {
            PutConfirmedSeed(new MfaSecretProtector(other.GetRequiredService<IDataProtectionProvider>()));
            other.GetRequiredService<IKeyManager>().RevokeAllKeys(DateTimeOffset.UtcNow, "test");
        }

        var result = await ProbeAsync();

        Assert.Equal(HealthStatus.Degraded, result.Status);
        Assert.Equal(0, _counting.Unprotects);
    }

    [Fact]
    public async Task With_nobody_enrolled_the_key_ring_is_healthy() =>
        Assert.Equal(HealthStatus.Healthy, (await ProbeAsync()).Status);

    [Fact]
    public void The_key_id_read_from_a_seed_is_the_key_ring_key_that_protected_it()
    {
        var keyRing = _services.GetRequiredService<Microsoft.AspNetCore.DataProtection.KeyManagement.Internal.IKeyRingProvider>();
        var seed = new MfaSecretProtector(_services.GetRequiredService<IDataProtectionProvider>()).Protect("u", TotpSecret.Generate());

        Assert.True(MfaSecretProtector.TryGetKeyId(seed, out var keyId));
        Assert.Equal(keyRing.GetCurrentKeyRing().DefaultKeyId, keyId);
        Assert.NotEqual(Guid.Empty, keyId);
    }

    /// <summary>Built by the container, so the test holds whatever the check's constructor asks for.</summary>
    private Task<HealthCheckResult> ProbeAsync() =>
        ActivatorUtilities.CreateInstance<MfaKeyRingHealthCheck>(_services).CheckHealthAsync(new HealthCheckContext());

    private void PutConfirmedSeed(MfaSecretProtector protector)
    {
        var user = _factory.Directory.Add("alice@contoso.com");
        var now = _factory.Time.GetUtcNow();
        _factory.MfaEnrollments.Put(new MfaEnrollment(user.Id, protector.Protect(user.Id.ToString("N"), TotpSecret.Generate()), now, now, []));
    }

    /// <summary>Data Protection as the server has it (a key ring in a repository), its provider wrapped to count Unprotect.</summary>
    private static ServiceCollection Services(CoreTestFactory factory, InMemoryXmlRepository repository)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddDataProtection().SetApplicationName("IdpFederation").AddKeyManagementOptions(o => o.XmlRepository = repository);
        var real = services.Last(d => d.ServiceType == typeof(IDataProtectionProvider));
        services.Remove(real);
        services.AddSingleton(sp => new CountingDataProtectionProvider((IDataProtectionProvider)(real.ImplementationInstance
            ?? real.ImplementationFactory?.Invoke(sp) ?? ActivatorUtilities.CreateInstance(sp, real.ImplementationType!))));
        services.AddSingleton<IDataProtectionProvider>(sp => sp.GetRequiredService<CountingDataProtectionProvider>());
        services.AddSingleton<IMfaEnrollmentStore>(factory.MfaEnrollments);
        services.AddSingleton(sp =>
        {
            factory.DataProtection = sp.GetRequiredService<IDataProtectionProvider>();
            return factory.CreateMfaAuthenticator();
        });
        return services;
    }

    private sealed class InMemoryXmlRepository : IXmlRepository
    {
        private readonly List<XElement> _elements = [];

        public IReadOnlyCollection<XElement> GetAllElements()
        {
            lock (_elements)
            {
                return [.. _elements.Select(e => new XElement(e))];
            }
        }

        public void StoreElement(XElement element, string friendlyName)
        {
            lock (_elements)
            {
                _elements.Add(new XElement(element));
            }
        }
    }
}

/// <summary>A Data Protection provider that counts Unprotect calls on every protector derived from it.</summary>
internal sealed class CountingDataProtectionProvider(IDataProtectionProvider inner) : IDataProtectionProvider
{
    private int _unprotects;

    public int Unprotects => Volatile.Read(ref _unprotects);

    public IDataProtector CreateProtector(string purpose) => new Counting(inner.CreateProtector(purpose), this);

    private sealed class Counting(IDataProtector inner, CountingDataProtectionProvider owner) : IDataProtector
    {
        public IDataProtector CreateProtector(string purpose) => new Counting(inner.CreateProtector(purpose), owner);

        public byte[] Protect(byte[] plaintext) => inner.Protect(plaintext);

        public byte[] Unprotect(byte[] protectedData)
        {
            Interlocked.Increment(ref owner._unprotects);
            return inner.Unprotect(protectedData);
        }
    }
}

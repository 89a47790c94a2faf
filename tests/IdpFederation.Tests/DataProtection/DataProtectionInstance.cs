using IdpFederation.Core.Configuration;
using IdpFederation.Infrastructure.Configuration;
using IdpFederation.Infrastructure.State.DataProtection;
using IdpFederation.Infrastructure.State.Redis;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace IdpFederation.Tests.DataProtection;

/// <summary>
/// One IdP "instance" as far as Data Protection goes: its own service provider, wired by AddIdpDataProtection from
/// configuration exactly as the server does, with its own Redis connection when one is given.
/// </summary>
internal sealed class DataProtectionInstance : IDisposable
{
    private readonly ServiceProvider _services;

    public DataProtectionInstance(IdpPaths paths, RedisConnection? redis, string? keyEncryptionCertificate)
    {
        var settings = new Dictionary<string, string?>();
        if (redis is not null)
        {
            // Only its presence matters here; the connection itself is the one given.
            settings[$"{IdpOptions.SectionName}:State:Redis"] = "configured";
        }

        if (keyEncryptionCertificate is not null)
        {
            settings[$"{IdpOptions.SectionName}:State:KeyEncryptionCertificate:Path"] = keyEncryptionCertificate;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        if (redis is not null)
        {
            services.AddSingleton(redis);
        }

        services.AddIdpDataProtection(configuration, paths);
        _services = services.BuildServiceProvider();
    }

    public IDataProtector Protector => _services.GetRequiredService<IDataProtectionProvider>().CreateProtector("IdpFederation.Tests.DataProtection");

    public void Dispose() => _services.Dispose();
}

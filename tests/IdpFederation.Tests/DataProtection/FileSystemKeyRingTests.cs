using IdpFederation.Core.Configuration;
using IdpFederation.Infrastructure.Configuration;
using IdpFederation.Infrastructure.State;
using IdpFederation.Infrastructure.State.DataProtection;
using IdpFederation.Infrastructure.State.Redis;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.StackExchangeRedis;
using Microsoft.Extensions.Logging.Abstractions;

namespace IdpFederation.Tests.DataProtection;

/// <summary>Without Redis the key ring lives in {data}/keys; and what the Redis repository does when Redis is gone.</summary>
[Trait("Kind", "Integration")]
public sealed class FileSystemKeyRingTests : IDisposable
{
    private readonly string _root = System.IO.Directory.CreateTempSubdirectory("idpfed-dp-").FullName;

    private IdpPaths Paths => new(Path.Combine(_root, "config"), Path.Combine(_root, "data"));

    private string KeysDirectory => Path.Combine(Paths.DataDirectory, IdpDataProtectionServiceCollectionExtensions.KeysFolder);

    [Fact]
    public void Without_Redis_keys_go_to_the_data_directory_and_survive_a_restart()
    {
        string payload;
        using (var first = new DataProtectionInstance(Paths, redis: null, keyEncryptionCertificate: null))
        {
            payload = first.Protector.Protect("cookie");
        }

        Assert.Single(System.IO.Directory.GetFiles(KeysDirectory, "key-*.xml"));
        using var restarted = new DataProtectionInstance(Paths, redis: null, keyEncryptionCertificate: null);
        Assert.Equal("cookie", restarted.Protector.Unprotect(payload));
    }

    [Fact]
    public void A_key_encryption_certificate_also_encrypts_keys_on_disk()
    {
        var certificate = KeyEncryptionCertificateFile.Create(_root);
        using var instance = new DataProtectionInstance(Paths, redis: null, certificate);

        var payload = instance.Protector.Protect("cookie");

        var xml = File.ReadAllText(System.IO.Directory.GetFiles(KeysDirectory, "key-*.xml").Single());
        Assert.Contains("encryptedSecret", xml, StringComparison.Ordinal);
        Assert.DoesNotContain("<masterKey", xml, StringComparison.Ordinal);
        Assert.Equal("cookie", instance.Protector.Unprotect(payload));
    }

    [Fact]
    public void An_unusable_key_encryption_certificate_stops_start_up_naming_the_setting()
    {
        var missing = Path.Combine(_root, "missing.pfx");

        var error = Assert.Throws<InvalidOperationException>(() => new DataProtectionInstance(Paths, redis: null, missing));

        Assert.Equal($"Idp:State:KeyEncryptionCertificate:Path: the file '{missing}' does not exist.", error.Message);
    }

    [Fact]
    public void An_unreachable_Redis_fails_key_ring_reads_with_an_exception_the_error_page_maps_to_503()
    {
        // Port 1 on loopback refuses at once; nothing listens there.
        using var redis = new RedisConnection(
            new StateOptions { Redis = "127.0.0.1:1", OperationTimeout = TimeSpan.FromMilliseconds(200) }, NullLogger<RedisConnection>.Instance);
        var repository = new RedisXmlRepository(() => redis.Database, redis.Keys.DataProtectionKeys);

        var error = Assert.ThrowsAny<Exception>(() => repository.GetAllElements());

        Assert.True(StateStoreFailures.IsUnavailable(error), $"not recognised as the state store being down: {error.GetType().Name}");
    }

    public void Dispose() => System.IO.Directory.Delete(_root, recursive: true);
}

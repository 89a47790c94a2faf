using System.Security.Cryptography;
using IdpFederation.Infrastructure.Configuration;
using IdpFederation.Infrastructure.State.Redis;
using IdpFederation.Tests.State;
using Microsoft.AspNetCore.DataProtection;

namespace IdpFederation.Tests.DataProtection;

/// <summary>The Data Protection key ring in a real Redis, shared by separate instances, encrypted when a certificate is set.</summary>
[Trait("Kind", "Integration")]
public sealed class RedisKeyRingTests : IRequiresRedis, IDisposable
{
    private readonly string _prefix = RedisTestEnvironment.UniquePrefix(nameof(RedisKeyRingTests));
    private readonly string _root = System.IO.Directory.CreateTempSubdirectory("idpfed-dp-").FullName;
    private readonly List<RedisConnection> _connections = [];

    private IdpPaths Paths => new(Path.Combine(_root, "config"), Path.Combine(_root, "data"));

    private RedisConnection Connect()
    {
        var connection = RedisTestEnvironment.Connect(_prefix);
        _connections.Add(connection);
        return connection;
    }

    [StateFact]
    public void A_payload_protected_on_one_instance_is_unprotected_on_another()
    {
        using var first = new DataProtectionInstance(Paths, Connect(), keyEncryptionCertificate: null);
        using var second = new DataProtectionInstance(Paths, Connect(), keyEncryptionCertificate: null);

        var payload = first.Protector.Protect("session cookie");

        Assert.Equal("session cookie", second.Protector.Unprotect(payload));
        Assert.False(System.IO.Directory.Exists(Path.Combine(Paths.DataDirectory, "keys")), "keys must not also go to the file system");
    }

    [StateFact]
    public void Each_key_is_one_xml_entry_in_the_documented_list()
    {
        var redis = Connect();
        using var instance = new DataProtectionInstance(Paths, redis, keyEncryptionCertificate: null);

        _ = instance.Protector.Protect("x");

        var entries = redis.Database.ListRange(redis.Keys.DataProtectionKeys);
        Assert.Equal(_prefix + "dataprotection:keys", redis.Keys.DataProtectionKeys);
        Assert.Single(entries);
        Assert.StartsWith("<key ", (string)entries[0]!, StringComparison.Ordinal);
    }

    [StateFact]
    public void With_a_key_encryption_certificate_Redis_holds_only_encrypted_keys()
    {
        var certificate = KeyEncryptionCertificateFile.Create(_root);
        var redis = Connect();
        using var first = new DataProtectionInstance(Paths, redis, certificate);
        using var second = new DataProtectionInstance(Paths, Connect(), certificate);
        using var withoutCertificate = new DataProtectionInstance(Paths, Connect(), keyEncryptionCertificate: null);

        var payload = first.Protector.Protect("antiforgery token");

        var stored = string.Concat(redis.Database.ListRange(redis.Keys.DataProtectionKeys).Select(v => (string)v!));
        Assert.Contains("encryptedSecret", stored, StringComparison.Ordinal);
        Assert.Contains("EncryptedData", stored, StringComparison.Ordinal);
        Assert.DoesNotContain("<masterKey", stored, StringComparison.Ordinal);
        Assert.Equal("antiforgery token", second.Protector.Unprotect(payload));
        // An instance without the certificate reads the ring but cannot decrypt the key, so it cannot forge or read payloads.
        Assert.ThrowsAny<CryptographicException>(() => withoutCertificate.Protector.Unprotect(payload));
    }

    public void Dispose()
    {
        foreach (var connection in _connections)
        {
            if (connection == _connections[0])
            {
                RedisTestEnvironment.DeleteKeysAsync(connection.Database, _prefix).GetAwaiter().GetResult();
            }

            connection.Dispose();
        }

        System.IO.Directory.Delete(_root, recursive: true);
    }
}

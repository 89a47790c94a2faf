using IdpFederation.Core.Configuration;
using IdpFederation.Infrastructure.Configuration;
using IdpFederation.Infrastructure.State.Redis;
using Microsoft.Extensions.Logging.Abstractions;

namespace IdpFederation.Tests.State;

/// <summary>
/// The Redis password and certificate files are read when the connection is built, at start-up: each unusable file
/// stops it with one line naming the setting and the file, and never the file's content. All of these fail before any
/// connection is attempted, so no Redis is needed.
/// </summary>
[Trait("Kind", "Unit")]
public sealed class RedisSecretFileTests : IDisposable
{
    private const string Secret = "s3cret-never-in-a-message";

    private readonly string _root = System.IO.Directory.CreateTempSubdirectory("idpfed-redis-files-").FullName;

    private IdpPaths Paths => new(Path.Combine(_root, "config"), Path.Combine(_root, "data"));

    private string InConfig(string name) => Path.Combine(Paths.ConfigDirectory, name);

    public RedisSecretFileTests() => System.IO.Directory.CreateDirectory(Path.Combine(_root, "config"));

    [Fact]
    public void A_missing_password_file_names_the_setting_and_the_resolved_path() =>
        AssertRefused($"Idp:State:RedisPasswordFile: '{InConfig("redis.password")}' does not exist.", s => s.RedisPasswordFile = "redis.password");

    [Fact]
    public void An_empty_password_file_is_refused()
    {
        File.WriteAllText(InConfig("redis.password"), "\n");
        AssertRefused($"Idp:State:RedisPasswordFile: '{InConfig("redis.password")}' is empty; it must hold the Redis password.", s => s.RedisPasswordFile = "redis.password");
    }

    [Fact]
    public void A_password_file_and_the_environment_variable_together_are_refused_without_quoting_either()
    {
        File.WriteAllText(InConfig("redis.password"), Secret);
        var error = Refuse(s => s.RedisPasswordFile = "redis.password", name => name == StateOptions.RedisPasswordVariable ? "other-" + Secret : null);

        Assert.Equal("Idp:State:RedisPasswordFile and the IDPFED_REDIS_PASSWORD environment variable are both set; keep one, so it is clear which password is used.", error);
    }

    [Fact]
    public void A_missing_CA_file_is_refused() =>
        AssertRefused($"Idp:State:RedisCaFile: '{InConfig("ca.crt")}' does not exist.", s => { s.RedisTls = true; s.RedisCaFile = "ca.crt"; });

    [Fact]
    public void A_CA_file_without_a_PEM_certificate_is_refused_without_quoting_it()
    {
        File.WriteAllText(InConfig("ca.crt"), Secret);
        AssertRefused($"Idp:State:RedisCaFile: '{InConfig("ca.crt")}' holds no PEM certificate (-----BEGIN CERTIFICATE-----).", s => { s.RedisTls = true; s.RedisCaFile = "ca.crt"; });
    }

    [Fact]
    public void A_missing_client_key_is_refused() =>
        AssertRefused($"Idp:State:RedisClientCertificateFile: '{InConfig("idp.crt")}' does not exist.", s =>
        {
            s.RedisTls = true;
            s.RedisClientCertificateFile = "idp.crt";
            s.RedisClientKeyFile = "idp.key";
        });

    private void AssertRefused(string expected, Action<StateOptions> change) => Assert.Equal(expected, Refuse(change));

    private string Refuse(Action<StateOptions> change, Func<string, string?>? environment = null)
    {
        // Port 1 refuses at once, should anything get as far as connecting.
        var options = new StateOptions { Redis = "127.0.0.1:1", OperationTimeout = TimeSpan.FromMilliseconds(200) };
        change(options);
        var error = Assert.Throws<InvalidDataException>(() => new RedisConnection(options, Paths, NullLogger<RedisConnection>.Instance, environment ?? (_ => null)));
        Assert.DoesNotContain(Secret, error.Message, StringComparison.Ordinal);
        return error.Message;
    }

    public void Dispose() => System.IO.Directory.Delete(_root, recursive: true);
}

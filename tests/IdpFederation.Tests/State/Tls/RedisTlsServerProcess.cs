using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using IdpFederation.Tests.MultiInstance;
using IdpFederation.Tests.Server;
using StackExchange.Redis;

namespace IdpFederation.Tests.State.Tls;

/// <summary>
/// A redis-server of the test's own (IDPFED_REDIS_SERVER) that speaks TLS only (--port 0 --tls-port) with a server
/// certificate from a CA made for this run, and takes no anonymous client: the default user is off, and the IdP's ACL
/// user may only touch keys under its prefix, without the dangerous commands (Redis docs, "ACL": key patterns and
/// command categories). An admin user reads what the IdP wrote.
/// </summary>
internal sealed class RedisTlsServerProcess : IAsyncDisposable
{
    public const string User = "idp";
    private const string AdminUser = "test-admin";

    private readonly string _directory = System.IO.Directory.CreateTempSubdirectory("idpfed-redis-tls-").FullName;
    private readonly TestCertificateAuthority _authority = new("IdpFederation Test Redis CA");
    private readonly string _adminPassword = NewPassword();
    private Process? _process;

    public RedisTlsServerProcess(string keyPrefix)
    {
        KeyPrefix = keyPrefix;
        CaFile = Path.Combine(_directory, "ca.crt");
        _authority.WriteCertificate(CaFile);
    }

    public string KeyPrefix { get; }

    /// <summary>A password with characters a shell or a connection string would trip over, so nothing may pass it through one.</summary>
    public string Password { get; } = NewPassword() + " ,=;'\"";

    public int Port { get; } = TestIdpEnvironment.FreePort();

    public string Endpoint => $"127.0.0.1:{Port}";

    /// <summary>The PEM certificate of the CA that issued the server certificate.</summary>
    public string CaFile { get; }

    public async Task StartAsync()
    {
        var certificate = Path.Combine(_directory, "redis.crt");
        var key = Path.Combine(_directory, "redis.key");
        _authority.IssueServerCertificate(certificate, key);
        _process = RedisServerProcess.Launch(RedisTestEnvironment.RequireServerBinary(),
        [
            "--port", "0", "--tls-port", Port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1",
            "--tls-cert-file", certificate, "--tls-key-file", key, "--tls-ca-cert-file", CaFile, "--tls-auth-clients", "no",
            "--dir", _directory, "--save", "", "--appendonly", "no",
            // Each --user line is one ACL SETUSER rule list; the arguments reach redis-server without a shell.
            "--user", "default", "off",
            "--user", User, "on", ">" + Password, $"~{KeyPrefix}*", "&*", "+@all", "-@dangerous",
            "--user", AdminUser, "on", ">" + _adminPassword, "~*", "&*", "+@all",
        ]);

        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(20))
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"redis-server exited with code {_process.ExitCode} (does this build support TLS?)");
            }

            try
            {
                using var admin = await ConnectAdminAsync();
                if (admin.IsConnected && (string?)await admin.GetDatabase().ExecuteAsync("PING") == "PONG")
                {
                    return;
                }
            }
            catch (RedisException)
            {
                // Not listening yet.
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"redis-server on {Endpoint} did not answer over TLS within 20 s");
    }

    /// <summary>An administrator's connection, over TLS with the test CA, to read what the IdP stored.</summary>
    public async Task<ConnectionMultiplexer> ConnectAdminAsync()
    {
        var options = ConfigurationOptions.Parse(Endpoint);
        options.Ssl = true;
        options.User = AdminUser;
        options.Password = _adminPassword;
        options.AbortOnConnectFail = false;
        options.AllowAdmin = true;
        options.SyncTimeout = 10_000;
        options.AsyncTimeout = 10_000;
        options.TrustIssuer(_authority.Certificate);
        return await ConnectionMultiplexer.ConnectAsync(options);
    }

    public ValueTask DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill();
            _process.WaitForExit();
        }

        _process?.Dispose();
        _authority.Dispose();
        try
        {
            System.IO.Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless.
        }

        return ValueTask.CompletedTask;
    }

    private static string NewPassword() => Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
}

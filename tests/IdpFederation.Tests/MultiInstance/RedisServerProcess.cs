using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using IdpFederation.Tests.Server;
using IdpFederation.Tests.State;

namespace IdpFederation.Tests.MultiInstance;

/// <summary>
/// A redis-server of the test's own (IDPFED_REDIS_SERVER) on a free loopback port, with its data in a temp
/// directory, that the test can kill and start again on the same port. Append-only with fsync on every write, so
/// what was acknowledged before a kill -9 is there after the restart.
/// </summary>
internal sealed class RedisServerProcess : IAsyncDisposable
{
    private readonly string _binary = RedisTestEnvironment.RequireServerBinary();
    private readonly string _directory = System.IO.Directory.CreateTempSubdirectory("idpfed-redis-").FullName;
    private Process? _process;

    public int Port { get; } = TestIdpEnvironment.FreePort();

    public string Endpoint => $"127.0.0.1:{Port}";

    public async Task StartAsync()
    {
        var start = new ProcessStartInfo(_binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1",
            "--dir", _directory, "--save", "", "--appendonly", "yes", "--appendfsync", "always", "--daemonize", "no",
        })
        {
            start.ArgumentList.Add(argument);
        }

        _process = Process.Start(start) ?? throw new InvalidOperationException("redis-server did not start");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(20))
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"redis-server exited with code {_process.ExitCode}");
            }

            if (await PingAsync())
            {
                return;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"redis-server on {Endpoint} did not answer within 20 s");
    }

    /// <summary>kill -9: no shutdown, no last save, connections dropped mid-stream.</summary>
    public void Kill()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill();
            _process.WaitForExit();
        }

        _process?.Dispose();
        _process = null;
    }

    private async Task<bool> PingAsync()
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync("127.0.0.1", Port);
            var stream = client.GetStream();
            await stream.WriteAsync(Encoding.ASCII.GetBytes("PING\r\n"));
            var buffer = new byte[16];
            var read = await stream.ReadAsync(buffer);
            // -LOADING while the append-only file is replayed; ready only once it answers +PONG.
            return Encoding.ASCII.GetString(buffer, 0, read).StartsWith("+PONG", StringComparison.Ordinal);
        }
        catch (SocketException)
        {
            return false;
        }
        catch (IOException)
        {
            return false;
        }
    }

    public ValueTask DisposeAsync()
    {
        Kill();
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
}

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
        _process = Launch(_binary,
        [
            "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1",
            "--dir", _directory, "--save", "", "--appendonly", "yes", "--appendfsync", "always", "--daemonize", "no",
        ]);

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

    /// <summary>Starts redis-server in the foreground with these arguments (no shell), its output drained and ignored.</summary>
    internal static Process Launch(string binary, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(binary) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("redis-server did not start");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }
}

using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using IdpFederation.Tests.State;
using StackExchange.Redis;

namespace IdpFederation.Tests.DataProtection;

/// <summary>
/// A master, one replica and one sentinel (redis-server --sentinel, so no extra package) on free loopback ports in a
/// temp directory, started for one test and stopped with it.
/// </summary>
internal sealed class RedisSentinelTopology : IAsyncDisposable
{
    public const string ServiceName = "mymaster";

    private readonly string _directory = System.IO.Directory.CreateTempSubdirectory("idpfed-sentinel-").FullName;
    private readonly List<Process> _processes = [];
    private ConnectionMultiplexer? _sentinel;

    private RedisSentinelTopology()
    {
    }

    public int MasterPort { get; } = FreePort();
    public int ReplicaPort { get; } = FreePort();
    public int SentinelPort { get; } = FreePort();

    /// <summary>What Idp:State:Redis holds for this topology (the sentinels; the service name is Idp:State:RedisSentinelServiceName).</summary>
    public string Endpoints => $"127.0.0.1:{SentinelPort}";

    private IServer Sentinel => (_sentinel ?? throw new InvalidOperationException("Not started.")).GetServer("127.0.0.1", SentinelPort);

    public static async Task<RedisSentinelTopology> StartAsync()
    {
        var topology = new RedisSentinelTopology();
        try
        {
            await topology.StartProcessesAsync();
            return topology;
        }
        catch
        {
            await topology.DisposeAsync();
            throw;
        }
    }

    /// <summary>The master the sentinel names now.</summary>
    public int CurrentMasterPort() => ((IPEndPoint)Sentinel.SentinelGetMasterAddressByName(ServiceName)!).Port;

    /// <summary>As <see cref="CurrentMasterPort"/>, or -1 when the sentinel does not answer in time (asked again by the poll).</summary>
    private int TryCurrentMasterPort()
    {
        try
        {
            return CurrentMasterPort();
        }
        catch (RedisTimeoutException)
        {
            return -1;
        }
    }

    /// <summary>Asks the sentinel to fail over and waits until it names the replica as master.</summary>
    public async Task FailOverAsync(TimeSpan within)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                // Refused (NOGOODSLAVE) until the sentinel has seen the replica in the master's INFO; keep asking.
                Sentinel.SentinelFailover(ServiceName);
                break;
            }
            catch (RedisServerException) when (deadline.Elapsed < within)
            {
                await Task.Delay(250);
            }
            catch (RedisTimeoutException) when (deadline.Elapsed < within)
            {
                // The sentinel may have started the failover and only the answer was late (a loaded machine): asking
                // again could fail back over, so wait for the outcome instead.
                break;
            }
        }

        await WaitUntilAsync(() => TryCurrentMasterPort() == ReplicaPort, within - deadline.Elapsed, "the sentinel to name the replica as master");
    }

    /// <summary>Reads a key from one node over a connection of its own, to see where a write landed.</summary>
    public static string? ReadFrom(int port, string key)
    {
        using var node = Connect(port, CommandMap.Default);
        return node.GetDatabase().StringGet(key);
    }

    /// <summary>The length of a list on one node, over a connection of its own (to see what has replicated there).</summary>
    public static long ListLengthOn(int port, string key)
    {
        using var node = Connect(port, CommandMap.Default);
        return node.GetDatabase().ListLength(key);
    }

    public static async Task WaitUntilAsync(Func<bool> condition, TimeSpan within, string what)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                if (condition())
                {
                    return;
                }
            }
            catch (RedisException)
            {
                // Not ready yet.
            }

            if (deadline.Elapsed > within)
            {
                throw new TimeoutException($"Gave up after {within.TotalSeconds:0} s waiting for {what}.");
            }

            await Task.Delay(100);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _sentinel?.Dispose();
        foreach (var process in _processes)
        {
            try
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }
            catch (InvalidOperationException)
            {
                // Already exited.
            }

            process.Dispose();
        }

        System.IO.Directory.Delete(_directory, recursive: true);
    }

    private async Task StartProcessesAsync()
    {
        var binary = RedisTestEnvironment.RequireServerBinary();
        string[] node = ["--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", _directory];
        Start(binary, ["--port", Port(MasterPort), .. node]);
        Start(binary, ["--port", Port(ReplicaPort), .. node, "--replicaof", "127.0.0.1", Port(MasterPort)]);
        // Sentinel rewrites its config file as it learns, so it gets a writable file of its own.
        var config = Path.Combine(_directory, "sentinel.conf");
        await File.WriteAllLinesAsync(config,
        [
            $"port {SentinelPort}",
            "bind 127.0.0.1",
            $"dir {_directory}",
            $"sentinel monitor {ServiceName} 127.0.0.1 {MasterPort} 1",
            $"sentinel down-after-milliseconds {ServiceName} 1000",
            $"sentinel failover-timeout {ServiceName} 10000",
        ]);
        Start(binary, [config, "--sentinel"]);

        await WaitUntilAsync(() => NodeInfo(MasterPort).Count > 0 && NodeInfo(ReplicaPort).Count > 0, TimeSpan.FromSeconds(15), "master and replica to answer");
        await WaitUntilAsync(() => NodeInfo(ReplicaPort).GetValueOrDefault("master_link_status") == "up",
            TimeSpan.FromSeconds(15), "the replica to sync with the master");
        _sentinel = Connect(SentinelPort, CommandMap.Sentinel);
        await WaitUntilAsync(() => CurrentMasterPort() == MasterPort, TimeSpan.FromSeconds(15), "the sentinel to answer");
    }

    private static Dictionary<string, string> NodeInfo(int port)
    {
        using var node = Connect(port, CommandMap.Default);
        return node.GetServer("127.0.0.1", port).Info("replication").SelectMany(g => g).ToDictionary(p => p.Key, p => p.Value);
    }

    private static ConnectionMultiplexer Connect(int port, CommandMap commands)
    {
        var options = new ConfigurationOptions { AbortOnConnectFail = false, AllowAdmin = true, CommandMap = commands, TieBreaker = "", SyncTimeout = 10_000 };
        options.EndPoints.Add("127.0.0.1", port);
        return ConnectionMultiplexer.Connect(options);
    }

    private void Start(string binary, string[] arguments)
    {
        var start = new ProcessStartInfo(binary) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {binary}.");
        // Drain the logs so a chatty server never blocks on a full pipe.
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _processes.Add(process);
    }

    private static string Port(int port) => port.ToString(CultureInfo.InvariantCulture);

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

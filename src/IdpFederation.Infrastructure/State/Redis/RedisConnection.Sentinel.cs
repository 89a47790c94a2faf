using System.Net;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace IdpFederation.Infrastructure.State.Redis;

/// <summary>
/// Following Sentinel failovers. StackExchange.Redis 1.2.6 connects to one master and stays there, so this part asks
/// the sentinels again whenever a +switch-master is announced or a call fails, and when the master has moved, opens a
/// multiplexer to the new one, swaps it in, and closes the old one once calls already sent to it have had their time.
/// </summary>
public sealed partial class RedisConnection
{
    // Sentinels are asked at most this often, however many calls fail at once during a failover.
    private static readonly TimeSpan ResolveInterval = TimeSpan.FromMilliseconds(250);

    private void RequestMasterCheck()
    {
        if (_sentinel is not null)
        {
            // A bounded channel of one coalesces a burst of failures into one question to the sentinels.
            _resolveRequests.Writer.TryWrite(true);
        }
    }

    private async Task FollowMasterAsync(CancellationToken stopping)
    {
        try
        {
            while (await _resolveRequests.Reader.WaitToReadAsync(stopping).ConfigureAwait(false))
            {
                _resolveRequests.Reader.TryRead(out _);
                try
                {
                    await SwitchIfMasterMovedAsync(stopping).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is RedisException or TimeoutException or InvalidOperationException)
                {
                    LogFollowFailed(_sentinel!.ServiceName, ex.GetType().Name);
                }

                await Task.Delay(ResolveInterval, stopping).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
        {
            // Disposed.
        }
    }

    private async Task SwitchIfMasterMovedAsync(CancellationToken stopping)
    {
        // Connect blocks for up to ConnectTimeout; it runs here, off every request's path.
        var master = await Task.Run(_sentinel!.ResolveMaster, stopping).ConfigureAwait(false);
        var previous = _current;
        if (master is null || Equals(master, previous?.Master))
        {
            return;
        }

        var replacement = await Task.Run(() => Open(_sentinel.OptionsFor(master)), stopping).ConfigureAwait(false);
        _current = new Connected(replacement, master);
        LogMasterChanged(_sentinel.ServiceName, previous?.Master, master);
        if (stopping.IsCancellationRequested)
        {
            // Disposed while connecting: Dispose may have closed only the multiplexer it saw.
            Retire(replacement);
        }

        if (previous is not null)
        {
            try
            {
                // Let calls already sent to the old master finish or time out before closing it under them.
                await Task.Delay(_timeout, stopping).ConfigureAwait(false);
            }
            finally
            {
                Retire(previous.Multiplexer);
            }
        }
    }

    /// <summary>The multiplexer and the master it was opened for (null for a plain endpoint), swapped as one.</summary>
    private sealed record Connected(ConnectionMultiplexer Multiplexer, EndPoint? Master);

    [LoggerMessage(EventId = 5006, Level = LogLevel.Warning, Message = "Redis Sentinel: no sentinel named a master for {ServiceName}; shared state is unavailable until one does")]
    private partial void LogNoMaster(string serviceName);

    [LoggerMessage(EventId = 5007, Level = LogLevel.Warning, Message = "Redis Sentinel: master of {ServiceName} moved from {Previous} to {Current}; connected to the new master")]
    private partial void LogMasterChanged(string serviceName, EndPoint? previous, EndPoint current);

    [LoggerMessage(EventId = 5008, Level = LogLevel.Warning, Message = "Redis Sentinel: asking the sentinels for the master of {ServiceName} failed ({Error}); will ask again on the next failure")]
    private partial void LogFollowFailed(string serviceName, string error);
}

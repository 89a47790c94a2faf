using System.Net;
using IdpFederation.Tests.Server;

namespace IdpFederation.Tests.Telemetry;

/// <summary>
/// A stand-in OTLP/HTTP collector on 127.0.0.1: it keeps every posted body by path and answers 200 with an empty
/// protobuf message (a valid Export*ServiceResponse, OTLP specification "OTLP/HTTP Response"). The tests look for
/// strings in the raw protobuf, whose string fields are stored as plain UTF-8, so no protobuf library is needed.
/// </summary>
public sealed class OtlpReceiver : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly List<(string Path, byte[] Body)> _posts = [];
    private readonly Task _loop;

    public OtlpReceiver()
    {
        Url = $"http://127.0.0.1:{TestIdpEnvironment.FreePort()}";
        _listener.Prefixes.Add(Url + "/");
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    public string Url { get; }

    /// <summary>Bodies posted to <paramref name="path"/> so far.</summary>
    public IReadOnlyList<byte[]> Posts(string path)
    {
        lock (_posts)
        {
            return _posts.Where(p => p.Path == path).Select(p => p.Body).ToList();
        }
    }

    /// <summary>Waits until a body posted to <paramref name="path"/> satisfies <paramref name="match"/>; the deadline bounds a server that never sends one.</summary>
    public async Task<byte[]?> WaitForAsync(string path, Func<byte[], bool> match, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (Posts(path).FirstOrDefault(match) is { } found)
            {
                return found;
            }

            await Task.Delay(100);
        }

        return null;
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            using var body = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(body);
            lock (_posts)
            {
                _posts.Add((context.Request.Url!.AbsolutePath, body.ToArray()));
            }

            context.Response.StatusCode = 200;
            context.Response.ContentType = "application/x-protobuf";
            context.Response.ContentLength64 = 0;
            context.Response.Close();
        }
    }

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        _loop.Wait(TimeSpan.FromSeconds(5));
    }
}

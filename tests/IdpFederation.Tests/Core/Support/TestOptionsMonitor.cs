using Microsoft.Extensions.Options;

namespace IdpFederation.Tests.CoreLayer;

/// <summary>
/// An <see cref="IOptionsMonitor{TOptions}"/> over one instance. <see cref="Set"/> models a configuration reload:
/// like the real monitor, a reload yields a new instance and notifies listeners.
/// </summary>
public sealed class TestOptionsMonitor<TOptions> : IOptionsMonitor<TOptions>
    where TOptions : class
{
    private readonly Lock _gate = new();
    private readonly List<Action<TOptions, string?>> _listeners = [];
    private TOptions _current;

    public TestOptionsMonitor(TOptions current) => _current = current ?? throw new ArgumentNullException(nameof(current));

    public TOptions CurrentValue
    {
        get
        {
            lock (_gate)
            {
                return _current;
            }
        }
    }

    public TOptions Get(string? name) => CurrentValue;

    public IDisposable OnChange(Action<TOptions, string?> listener)
    {
        lock (_gate)
        {
            _listeners.Add(listener);
        }

        return new Subscription(this, listener);
    }

    public void Set(TOptions value)
    {
        ArgumentNullException.ThrowIfNull(value);
        Action<TOptions, string?>[] listeners;
        lock (_gate)
        {
            _current = value;
            listeners = [.. _listeners];
        }

        foreach (var listener in listeners)
        {
            listener(value, Options.DefaultName);
        }
    }

    private sealed class Subscription(TestOptionsMonitor<TOptions> owner, Action<TOptions, string?> listener) : IDisposable
    {
        public void Dispose()
        {
            lock (owner._gate)
            {
                owner._listeners.Remove(listener);
            }
        }
    }
}

namespace IdpFederation.Core.State;

/// <summary>Shared counters for rate limits and lockout: atomic increment with a fixed window.</summary>
public interface ICounterStore
{
    /// <summary>
    /// Adds one and returns the new value. The first increment starts the window; the counter disappears when the
    /// window ends, so a count is always "within the last <paramref name="window"/> since it started".
    /// </summary>
    Task<long> IncrementAsync(string key, TimeSpan window, CancellationToken cancellationToken = default);

    /// <summary>The current value, or 0 when the counter does not exist or its window has ended.</summary>
    Task<long> GetAsync(string key, CancellationToken cancellationToken = default);

    Task ResetAsync(string key, CancellationToken cancellationToken = default);
}

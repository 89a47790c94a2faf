namespace IdpFederation.Core.State;

/// <summary>Shared counters for rate limits and lockout: atomic increment with a fixed window.</summary>
public interface ICounterStore
{
    /// <summary>
    /// Adds one and returns the new value. The first increment starts the window; the counter disappears when the
    /// window ends, so a count is always "within the last <paramref name="window"/> since it started".
    /// </summary>
    Task<long> IncrementAsync(string key, TimeSpan window, CancellationToken cancellationToken = default);

    /// <summary>
    /// Adds one only while the count is below <paramref name="limit"/>, in one atomic step: of any number of racing
    /// callers, on any instance, at most <paramref name="limit"/> are granted within a window. This is how lockout
    /// and MFA limits hold under parallel requests: the attempt is reserved before the work it guards, not counted
    /// after it. The window starts at the first reservation, as for <see cref="IncrementAsync"/>.
    /// </summary>
    Task<CounterReservation> TryReserveAsync(string key, long limit, TimeSpan window, CancellationToken cancellationToken = default);

    /// <summary>
    /// Gives one reservation back (the guarded work never ran, or succeeded and must not count). Never goes below
    /// zero, and does nothing when the window has ended: a release cannot create a counter or extend its window.
    /// </summary>
    Task ReleaseAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>The current value, or 0 when the counter does not exist or its window has ended.</summary>
    Task<long> GetAsync(string key, CancellationToken cancellationToken = default);

    Task ResetAsync(string key, CancellationToken cancellationToken = default);
}

/// <param name="Granted">Whether this caller holds one of the limited slots.</param>
/// <param name="Count">The count after the call: this caller's slot number when granted, else the current count.</param>
public readonly record struct CounterReservation(bool Granted, long Count);

namespace IdpFederation.Tests.CoreLayer;

/// <summary>A clock that moves only when a test moves it, so expiry rules can be checked to the tick.</summary>
public sealed class ManualTimeProvider : TimeProvider
{
    /// <summary>An arbitrary, fixed UTC instant; nothing depends on its value beyond being stable.</summary>
    public static readonly DateTimeOffset DefaultStart = new(2025, 3, 14, 9, 26, 53, TimeSpan.Zero);

    private readonly Lock _gate = new();
    private DateTimeOffset _now;

    public ManualTimeProvider()
        : this(DefaultStart)
    {
    }

    public ManualTimeProvider(DateTimeOffset start) => SetUtcNow(start);

    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate)
        {
            return _now;
        }
    }

    public void SetUtcNow(DateTimeOffset value)
    {
        lock (_gate)
        {
            _now = value.ToUniversalTime();
        }
    }

    /// <summary>Moves the clock forward; time never runs backwards in a test unless <see cref="SetUtcNow"/> says so.</summary>
    public void Advance(TimeSpan by)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(by, TimeSpan.Zero);
        lock (_gate)
        {
            _now += by;
        }
    }
}

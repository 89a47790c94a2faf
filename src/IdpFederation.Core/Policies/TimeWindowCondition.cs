namespace IdpFederation.Core.Policies;

/// <summary>Matches when the sign-in time falls in any window, each judged in its own time zone.</summary>
public sealed class TimeWindowCondition : IRuleCondition
{
    private readonly IReadOnlyList<TimeWindow> _windows;

    public TimeWindowCondition(IReadOnlyList<TimeWindow> windows) => _windows = windows;

    public (bool Matched, string Reason) Test(PolicyContext context)
    {
        foreach (var window in _windows)
        {
            if (window.Contains(context.Time, out var local))
            {
                return (true, $"{local:ddd HH:mm} in {window.Zone.Id} is within {window}");
            }
        }

        return (false, $"{context.Time.UtcDateTime:ddd HH:mm} UTC is outside every time window");
    }
}

public sealed record TimeWindow(IReadOnlySet<DayOfWeek> Days, TimeSpan Start, TimeSpan End, TimeZoneInfo Zone)
{
    public bool Contains(DateTimeOffset time, out DateTimeOffset local)
    {
        local = TimeZoneInfo.ConvertTime(time, Zone);
        var timeOfDay = local.TimeOfDay;
        if (Start <= End)
        {
            return DayMatches(local.DayOfWeek) && timeOfDay >= Start && timeOfDay < End;
        }

        // Spans midnight: the part after midnight belongs to the window that started the day before.
        return (timeOfDay >= Start && DayMatches(local.DayOfWeek)) || (timeOfDay < End && DayMatches(local.AddDays(-1).DayOfWeek));
    }

    private bool DayMatches(DayOfWeek day) => Days.Count == 0 || Days.Contains(day);

    public override string ToString() =>
        $"{(Days.Count == 0 ? "every day" : string.Join(",", Days.Select(d => d.ToString()[..3])))} {Start:hh\\:mm}-{End:hh\\:mm} {Zone.Id}";
}

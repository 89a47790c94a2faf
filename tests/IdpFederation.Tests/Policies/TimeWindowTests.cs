using IdpFederation.Core.Policies;
using static IdpFederation.Tests.Policies.PolicySnippets;

namespace IdpFederation.Tests.Policies;

/// <summary>
/// Time windows are judged in their own zone, so one UTC instant can be inside a Sydney window and outside a New York
/// one. 2025: New York moves to EDT (UTC-4) on Sunday 9 March at 02:00; Sydney leaves AEDT (UTC+11) for AEST (UTC+10)
/// on Sunday 6 April at 03:00.
/// </summary>
[Trait("Kind", "Unit")]
public sealed class TimeWindowTests
{
    private const string Weekdays = """["Monday","Tuesday","Wednesday","Thursday","Friday"]""";

    private static bool Matches(string windows, string utc)
    {
        var policy = Compile(OneRule($$"""{"timeWindows": {{windows}} }"""));
        var rule = Assert.Single(policy.Evaluate(Context("time=" + utc)).Rules);
        return rule.Matched;
    }

    private static string Window(string zone, string start, string end, string days = Weekdays) =>
        $$"""[{"days": {{days}}, "start": "{{start}}", "end": "{{end}}", "timeZone": "{{zone}}"}]""";

    [Theory]
    // Thursday 22:30 UTC is Friday 09:30 in Sydney (AEDT) and Thursday 18:30 in New York (EDT).
    [InlineData("Australia/Sydney", "08:00", "18:00", "2025-03-13T22:30:00Z", true)]
    [InlineData("America/New_York", "08:00", "18:00", "2025-03-13T22:30:00Z", false)]
    [InlineData("America/New_York", "18:00", "22:00", "2025-03-13T22:30:00Z", true)]
    [InlineData("UTC", "08:00", "18:00", "2025-03-13T22:30:00Z", false)]
    // Saturday in Sydney while still Friday in UTC: outside a weekday window.
    [InlineData("Australia/Sydney", "00:00", "24:00", "2025-03-14T14:00:00Z", false)]
    [InlineData("UTC", "00:00", "24:00", "2025-03-14T14:00:00Z", true)]
    // Start is inclusive, end exclusive (09:00 Sydney = 22:00 UTC the day before, in AEDT).
    [InlineData("Australia/Sydney", "09:00", "17:00", "2025-03-12T22:00:00Z", true)]
    [InlineData("Australia/Sydney", "09:00", "17:00", "2025-03-12T21:59:59Z", false)]
    [InlineData("Australia/Sydney", "09:00", "17:00", "2025-03-13T06:00:00Z", false)]
    [InlineData("Australia/Sydney", "09:00", "17:00", "2025-03-13T05:59:59Z", true)]
    public void Windows_are_judged_in_their_own_zone(string zone, string start, string end, string utc, bool expected) =>
        Assert.Equal(expected, Matches(Window(zone, start, end), utc));

    [Theory]
    // 13:30 UTC on the Friday before New York's change is 08:30 EST; on the Monday after, 09:30 EDT.
    [InlineData("2025-03-07T13:30:00Z", false)]
    [InlineData("2025-03-10T13:30:00Z", true)]
    // 21:30 UTC on a Thursday: 16:30 EST the week before the change (inside), 17:30 EDT the week after (outside).
    [InlineData("2025-03-06T21:30:00Z", true)]
    [InlineData("2025-03-13T21:30:00Z", false)]
    public void A_New_York_window_follows_the_daylight_saving_change(string utc, bool expected) =>
        Assert.Equal(expected, Matches(Window("America/New_York", "09:00", "17:00"), utc));

    [Theory]
    // 21:30 UTC: Friday 08:30 AEDT before Sydney's change, Tuesday 07:30 AEST after it.
    [InlineData("2025-04-03T21:30:00Z", true)]
    [InlineData("2025-04-07T21:30:00Z", false)]
    // 22:30 UTC after the change is 08:30 AEST again.
    [InlineData("2025-04-07T22:30:00Z", true)]
    public void A_Sydney_window_follows_the_daylight_saving_change(string utc, bool expected) =>
        Assert.Equal(expected, Matches(Window("Australia/Sydney", "08:00", "17:00"), utc));

    [Theory]
    // Friday 22:00 to 06:00 in Sydney: the small hours of Saturday belong to Friday's window.
    [InlineData("2025-03-14T11:00:00Z", true)]  // Friday 22:00 AEDT
    [InlineData("2025-03-14T12:30:00Z", true)]  // Friday 23:30
    [InlineData("2025-03-14T15:00:00Z", true)]  // Saturday 02:00
    [InlineData("2025-03-14T18:59:59Z", true)]  // Saturday 05:59:59
    [InlineData("2025-03-14T19:00:00Z", false)] // Saturday 06:00
    [InlineData("2025-03-14T10:59:59Z", false)] // Friday 21:59:59
    [InlineData("2025-03-13T15:00:00Z", false)] // Friday 02:00: belongs to Thursday's night
    [InlineData("2025-03-15T11:30:00Z", false)] // Saturday 22:30
    public void A_window_spanning_midnight_belongs_to_the_day_it_starts(string utc, bool expected) =>
        Assert.Equal(expected, Matches(Window("Australia/Sydney", "22:00", "06:00", """["Friday"]"""), utc));

    [Fact]
    public void A_window_spanning_midnight_without_days_covers_every_night()
    {
        var nights = Window("America/New_York", "22:00", "06:00", "[]");
        Assert.True(Matches(nights, "2025-03-10T03:00:00Z"));  // Sunday 23:00 EDT
        Assert.True(Matches(nights, "2025-03-10T09:59:00Z"));  // Monday 05:59 EDT
        Assert.False(Matches(nights, "2025-03-10T16:00:00Z")); // Monday 12:00 EDT
    }

    [Fact]
    public void Any_of_several_windows_is_enough_each_in_its_own_zone()
    {
        var windows = """
            [
              {"days": ["Monday","Tuesday","Wednesday","Thursday","Friday"], "start": "09:00", "end": "17:00", "timeZone": "Australia/Sydney"},
              {"days": ["Monday","Tuesday","Wednesday","Thursday","Friday"], "start": "09:00", "end": "17:00", "timeZone": "America/New_York"}
            ]
            """;
        Assert.True(Matches(windows, "2025-03-13T23:00:00Z"));  // Sydney Friday 10:00
        Assert.True(Matches(windows, "2025-03-13T14:00:00Z"));  // New York Thursday 10:00
        Assert.False(Matches(windows, "2025-03-13T10:00:00Z")); // Sydney 21:00, New York 06:00
    }

    [Fact]
    public void Day_names_ignore_case_and_a_window_with_defaults_is_all_day_every_day_in_UTC()
    {
        Assert.True(Matches("""[{"days": ["friday"], "start": "09:00", "end": "10:00", "timeZone": "UTC"}]""", "2025-03-14T09:26:53Z"));
        Assert.True(Matches("""[{}]""", "2025-03-16T23:59:59Z"));
    }

    [Fact]
    public void A_deny_over_a_night_window_refuses_sign_ins_outside_business_hours()
    {
        // "Deny outside business hours" is written as a deny over the night-time window.
        var policy = Compile(OneRule($$"""{"timeWindows": {{Window("Australia/Sydney", "19:00", "07:00", "[]")}} }"""));
        Assert.Equal(PolicyOutcome.Deny, policy.Evaluate(Context("time=2025-03-14T10:00:00Z")).Outcome);  // 21:00 AEDT
        Assert.Equal(PolicyOutcome.Allow, policy.Evaluate(Context("time=2025-03-14T00:00:00Z")).Outcome); // 11:00 AEDT
    }
}

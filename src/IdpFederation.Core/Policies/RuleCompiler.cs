using System.Globalization;
using IdpFederation.Core.Networks;

namespace IdpFederation.Core.Policies;

internal static class RuleCompiler
{
    private static readonly string[] ClientKinds = ["browser", "active"];

    public static CompiledRule? Compile(PolicyRuleDocument rule, string path, Dictionary<string, IReadOnlyList<IpRange>> networks, PolicyCompilationContext context)
    {
        var before = ErrorCount(context);
        if (string.IsNullOrWhiteSpace(rule.Name))
        {
            context.Error(path + ".name", "every rule needs a name (it appears in audit records and the what-if tool).");
        }

        var reportOnly = rule.Mode switch
        {
            "enforce" => false,
            "reportOnly" => true,
            _ => Fail(context, path + ".mode", $"'{rule.Mode}' is not a mode; use \"enforce\" or \"reportOnly\"."),
        };
        RuleAction? action = rule.Action switch
        {
            "allow" => RuleAction.Allow,
            "deny" => RuleAction.Deny,
            "requireMfa" => RuleAction.RequireMfa,
            "requireMfaOutside" => RuleAction.RequireMfaOutside,
            _ => FailAction(context, path + ".action", $"'{rule.Action}' is not an action; use allow, deny, requireMfa or requireMfaOutside."),
        };

        IReadOnlyList<IpRange> trusted = [];
        if (action == RuleAction.RequireMfaOutside)
        {
            trusted = rule.TrustedNetwork is { Length: > 0 } name
                ? context.ResolveNetwork(name, networks, path + ".trustedNetwork")
                : Empty(context, path + ".trustedNetwork", "requireMfaOutside needs the trusted network inside which MFA is not required.");
        }
        else if (rule.TrustedNetwork is not null)
        {
            context.Error(path + ".trustedNetwork", "only requireMfaOutside takes a trusted network.");
        }

        if (rule.RememberDeviceDays is { } rememberDays)
        {
            if (action is RuleAction.Allow or RuleAction.Deny)
            {
                context.Error(path + ".rememberDeviceDays", "only requireMfa and requireMfaOutside rules can allow remembered devices.");
            }
            else if (rememberDays is < 1 or > 365)
            {
                context.Error(path + ".rememberDeviceDays", "must be between 1 and 365 days.");
            }
        }

        var conditions = CompileConditions(rule.Conditions, path + ".conditions", networks, context);
        return ErrorCount(context) > before || action is null
            ? null
            : new CompiledRule
            {
                Name = rule.Name, Enabled = rule.Enabled, ReportOnly = reportOnly, Action = action.Value, Conditions = conditions, TrustedRanges = trusted,
                RememberDeviceDays = rule.RememberDeviceDays,
            };
    }

    private static List<IRuleCondition> CompileConditions(PolicyConditionsDocument c, string path, Dictionary<string, IReadOnlyList<IpRange>> networks, PolicyCompilationContext context)
    {
        var conditions = new List<IRuleCondition>();
        if (c.Users is not null || c.Roles is not null || c.ExcludeUsers is not null || c.ExcludeRoles is not null)
        {
            conditions.Add(new PrincipalCondition(c.Users, c.Roles, c.ExcludeUsers, c.ExcludeRoles));
        }

        if (c.RelyingParties is { } parties)
        {
            conditions.Add(new SetCondition("relying party", parties, StringComparer.Ordinal, x => x.RelyingParty));
        }

        if (c.ClientKinds is { } kinds)
        {
            for (var i = 0; i < kinds.Count; i++)
            {
                if (!ClientKinds.Contains(kinds[i], StringComparer.Ordinal))
                {
                    context.Error($"{path}.clientKinds[{i}]", $"'{kinds[i]}' is not a client kind; use \"browser\" or \"active\".");
                }
            }

            conditions.Add(new SetCondition("client kind", kinds, StringComparer.Ordinal, x => x.ClientKind == ClientKind.Active ? "active" : "browser"));
        }

        if (c.IpRanges is { } ipRanges)
        {
            var ranges = ipRanges.SelectMany((entry, i) => context.ResolveNetwork(entry, networks, $"{path}.ipRanges[{i}]").Select(r => (entry == r.ToString() ? entry : $"{entry} ({r})", r))).ToArray();
            conditions.Add(new IpRangeCondition(ranges, c.NegateIpRanges));
        }
        else if (c.NegateIpRanges)
        {
            context.Error(path + ".negateIpRanges", "negateIpRanges needs ipRanges.");
        }

        CompileCountries(c, path, context, conditions);
        if (c.TimeWindows is { } windows)
        {
            conditions.Add(new TimeWindowCondition(windows.Select((w, i) => CompileWindow(w, $"{path}.timeWindows[{i}]", context)).OfType<TimeWindow>().ToArray()));
        }

        return conditions;
    }

    private static void CompileCountries(PolicyConditionsDocument c, string path, PolicyCompilationContext context, List<IRuleCondition> conditions)
    {
        var unknownMatches = c.UnknownCountry switch
        {
            "match" => true,
            "noMatch" => false,
            _ => Fail(context, path + ".unknownCountry", $"'{c.UnknownCountry}' is not valid; use \"match\" or \"noMatch\"."),
        };
        if (c.Countries is not { } countries)
        {
            return;
        }

        if (!context.Countries.IsAvailable)
        {
            context.Error(path + ".countries", "a country condition needs a country database (Idp:Policy:CountryDatabase), and none is configured.");
        }

        for (var i = 0; i < countries.Count; i++)
        {
            if (countries[i].Length != 2 || !countries[i].All(char.IsAsciiLetterUpper))
            {
                context.Error($"{path}.countries[{i}]", $"'{countries[i]}' is not an ISO 3166-1 alpha-2 code such as \"AU\".");
            }
        }

        conditions.Add(new CountryCondition(countries, c.NegateCountries, unknownMatches));
    }

    private static TimeWindow? CompileWindow(TimeWindowDocument window, string path, PolicyCompilationContext context)
    {
        var days = new HashSet<DayOfWeek>();
        for (var i = 0; i < window.Days.Count; i++)
        {
            if (Enum.TryParse<DayOfWeek>(window.Days[i], ignoreCase: true, out var day) && !int.TryParse(window.Days[i], CultureInfo.InvariantCulture, out _))
            {
                days.Add(day);
            }
            else
            {
                context.Error($"{path}.days[{i}]", $"'{window.Days[i]}' is not a day name.");
            }
        }

        var start = ParseTime(window.Start, path + ".start", context);
        var end = ParseTime(window.End, path + ".end", context);
        TimeZoneInfo? zone = null;
        try
        {
            zone = TimeZoneInfo.FindSystemTimeZoneById(window.TimeZone);
        }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            context.Error(path + ".timeZone", $"'{window.TimeZone}' is not a known time zone (use an IANA name such as Australia/Sydney).");
        }

        return start is null || end is null || zone is null ? null : new TimeWindow(days, start.Value, end.Value, zone);
    }

    private static TimeSpan? ParseTime(string text, string path, PolicyCompilationContext context)
    {
        if (text == "24:00")
        {
            return TimeSpan.FromHours(24);
        }

        if (TimeSpan.TryParseExact(text, @"hh\:mm", CultureInfo.InvariantCulture, out var time))
        {
            return time;
        }

        context.Error(path, $"'{text}' is not a time of day in HH:mm form.");
        return null;
    }

    private static bool Fail(PolicyCompilationContext context, string path, string reason)
    {
        context.Error(path, reason);
        return false;
    }

    private static RuleAction? FailAction(PolicyCompilationContext context, string path, string reason)
    {
        context.Error(path, reason);
        return null;
    }

    private static IReadOnlyList<IpRange> Empty(PolicyCompilationContext context, string path, string reason)
    {
        context.Error(path, reason);
        return [];
    }

    private static int ErrorCount(PolicyCompilationContext context) => context.ErrorCount;
}

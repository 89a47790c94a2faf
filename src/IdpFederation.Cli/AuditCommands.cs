using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using IdpFederation.Core.Auditing;
using IdpFederation.Infrastructure.Persistence;

namespace IdpFederation.Cli;

/// <summary>idpfed audit list: recent sign-in outcomes, newest first.</summary>
internal static class AuditCommands
{
    public static Command Create(CliContext context) => new("audit", "Read the sign-in audit log.")
    {
        List(context),
    };

    private static Command List(CliContext context)
    {
        var user = new Option<string?>("--user") { Description = "Only events for this username (case-insensitive)." };
        var since = new Option<DateTimeOffset?>("--since")
        {
            Description = "Only events at or after this time: an ISO 8601 date/time, or a duration back from now such as 30m, 24h or 7d.",
            CustomParser = ParseSince,
        };
        var limit = new Option<int>("--limit")
        {
            Description = "At most this many events (1 to 10000).",
            DefaultValueFactory = _ => 100,
            CustomParser = ParseLimit,
        };
        var json = new Option<bool>("--json") { Description = "Print JSON instead of text." };
        var command = new Command("list", "List audit events, newest first.") { user, since, limit, json };
        command.SetAction(context.Run(async (parse, session, ct) =>
        {
            var query = new AuditQuery { Username = parse.GetValue(user), Since = parse.GetValue(since), Limit = parse.GetValue(limit) };
            var events = await session.Get<IAuditLog>().QueryAsync(query, ct).ConfigureAwait(false);
            if (parse.GetValue(json))
            {
                // Details is JSON itself: nest it as an object rather than as an escaped string.
                CliOutput.WriteJson(context.Console.Out, events.Select(e => new
                {
                    e.Timestamp, e.EventType, e.Username, e.RelyingParty, e.ClientIp, e.Outcome, e.Reason,
                    Details = PolicyAuditDetails.Parse(e.Details), e.CorrelationId,
                }));
                return;
            }

            CliOutput.WriteTable(
                context.Console.Out,
                ["TIME (UTC)", "EVENT", "OUTCOME", "USERNAME", "RELYING PARTY", "CLIENT IP", "REASON", "CORRELATION ID", "DETAILS"],
                events.Select(e => new[]
                {
                    CliOutput.Timestamp(e.Timestamp), e.EventType, e.Outcome, e.Username, e.RelyingParty, e.ClientIp, e.Reason, e.CorrelationId,
                    PolicyAuditDetails.Short(e.Details),
                }));
        }));
        return command;
    }

    private static int ParseLimit(ArgumentResult result)
    {
        var text = result.Tokens.Count == 0 ? "" : result.Tokens[0].Value;
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var limit) && limit is >= 1 and <= EfAuditLog.MaxQueryLimit)
        {
            return limit;
        }

        result.AddError($"--limit '{text}' must be a whole number between 1 and {EfAuditLog.MaxQueryLimit}.");
        return 0;
    }

    private static DateTimeOffset? ParseSince(ArgumentResult result)
    {
        var text = result.Tokens.Count == 0 ? "" : result.Tokens[0].Value.Trim();
        if (TryParseDuration(text, out var duration))
        {
            return TimeProvider.System.GetUtcNow() - duration;
        }

        // A date without an offset is read as UTC, the zone the audit log is written in.
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date))
        {
            return date;
        }

        result.AddError($"--since '{text}' is neither an ISO 8601 date/time nor a duration such as 30m, 24h or 7d.");
        return null;
    }

    private static bool TryParseDuration(string text, out TimeSpan duration)
    {
        duration = default;
        if (text.Length < 2 || !int.TryParse(text.AsSpan(0, text.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var amount))
        {
            return false;
        }

        TimeSpan? unit = char.ToLowerInvariant(text[^1]) switch
        {
            's' => TimeSpan.FromSeconds(1),
            'm' => TimeSpan.FromMinutes(1),
            'h' => TimeSpan.FromHours(1),
            'd' => TimeSpan.FromDays(1),
            'w' => TimeSpan.FromDays(7),
            _ => null,
        };
        // Cap at about a century so the subtraction from now cannot leave DateTimeOffset's range.
        if (unit is null || amount * unit.Value.TotalDays > 36_500)
        {
            return false;
        }

        duration = unit.Value * amount;
        return true;
    }
}

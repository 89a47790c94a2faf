using System.Text.Json;
using IdpFederation.Core.Auditing;

namespace IdpFederation.Tests.Policies;

/// <summary>The server commits audit events in the background; these helpers wait for the one a test expects.</summary>
internal static class ServerAudit
{
    /// <summary>Polls until the event is stored; the 60 s deadline only bounds a server that never writes it.</summary>
    public static async Task<AuditEvent> WaitForAsync(IAuditLog audit, string username, Func<AuditEvent, bool> match)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        IReadOnlyList<AuditEvent> events = [];
        while (DateTime.UtcNow < deadline)
        {
            events = await audit.QueryAsync(new AuditQuery { Username = username, Limit = 200 });
            if (events.FirstOrDefault(match) is { } found)
            {
                return found;
            }

            await Task.Delay(100);
        }

        throw new Xunit.Sdk.XunitException($"No matching audit event for {username}; saw:\n" +
            string.Join("\n", events.Select(e => $"{e.Timestamp:O} {e.Outcome} {e.Reason} ip={e.ClientIp} details={e.Details}")));
    }

    /// <summary>The Details JSON of an audit event, failing with a clear message when it was not stored.</summary>
    public static JsonElement Details(AuditEvent auditEvent)
    {
        Assert.False(auditEvent.Details is null, $"Audit event {auditEvent.Outcome}/{auditEvent.Reason} has no Details (is the Details column stored and read back?)");
        using var document = JsonDocument.Parse(auditEvent.Details!);
        return document.RootElement.Clone();
    }

    public static string[] Strings(JsonElement details, string property) =>
        details.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.Array
            ? value.EnumerateArray().Select(v => v.GetString()!).ToArray()
            : [];
}

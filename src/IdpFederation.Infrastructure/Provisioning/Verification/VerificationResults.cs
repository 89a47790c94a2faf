using System.Text.Json.Serialization;

namespace IdpFederation.Infrastructure.Provisioning.Verification;

[JsonConverter(typeof(CheckStatusConverter))]
public enum CheckStatus
{
    Ready,
    Warning,
    NotReady,
}

/// <summary>One line of `provision verify`: what was checked, the outcome, and what to do about it.</summary>
public sealed record CheckResult(string Check, CheckStatus Status, string Detail)
{
    public static CheckResult Ready(string check, string detail) => new(check, CheckStatus.Ready, detail);

    public static CheckResult Warning(string check, string detail) => new(check, CheckStatus.Warning, detail);

    public static CheckResult NotReady(string check, string detail) => new(check, CheckStatus.NotReady, detail);
}

/// <summary>Every check of one tenant; it is ready when nothing is "not ready" (warnings allowed).</summary>
public sealed record TenantVerification(string Tenant, IReadOnlyList<CheckResult> Checks)
{
    public bool Ready => Checks.All(c => c.Status != CheckStatus.NotReady);
}

public static class CheckStatusText
{
    public static string Of(CheckStatus status) => status switch
    {
        CheckStatus.Ready => "ready",
        CheckStatus.Warning => "warning",
        _ => "not ready",
    };
}

/// <summary>JSON shows the same words as the table ("ready", "warning", "not ready").</summary>
internal sealed class CheckStatusConverter : JsonConverter<CheckStatus>
{
    public override CheckStatus Read(ref System.Text.Json.Utf8JsonReader reader, Type typeToConvert, System.Text.Json.JsonSerializerOptions options) =>
        reader.GetString() switch
        {
            "ready" => CheckStatus.Ready,
            "warning" => CheckStatus.Warning,
            "not ready" => CheckStatus.NotReady,
            var other => throw new System.Text.Json.JsonException($"Unknown check status '{other}'."),
        };

    public override void Write(System.Text.Json.Utf8JsonWriter writer, CheckStatus value, System.Text.Json.JsonSerializerOptions options) =>
        writer.WriteStringValue(CheckStatusText.Of(value));
}

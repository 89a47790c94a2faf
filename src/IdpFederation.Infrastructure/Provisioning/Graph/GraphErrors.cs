using System.Net;
using System.Text.Json;
using Microsoft.Graph.Models.ODataErrors;

namespace IdpFederation.Infrastructure.Provisioning.Graph;

/// <summary>Graph's error body ({"error":{"code","message"}}, Graph "Error responses") read into what a report shows.</summary>
internal static class GraphErrors
{
    public const string Unavailable = "GraphUnavailable";

    public static (string Code, string Message) Parse(string body, HttpStatusCode status)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.TryGetProperty("error", out var error))
            {
                var code = error.TryGetProperty("code", out var c) ? c.GetString() : null;
                var message = error.TryGetProperty("message", out var m) ? m.GetString() : null;
                return (code ?? ((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture), message ?? status.ToString());
            }
        }
        catch (JsonException)
        {
        }

        return (((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture), $"HTTP {(int)status} {status}");
    }

    /// <summary>The new object's id from a 201 body; null for answers without one (204, assignLicense).</summary>
    public static string? CreatedId(string body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("id", out var id) ? id.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public static string Describe(Exception exception) => exception switch
    {
        ODataError { Error: { } error } => $"{error.Code}: {error.Message}",
        Microsoft.Kiota.Abstractions.ApiException api => $"HTTP {api.ResponseStatusCode}: {api.Message}",
        _ => exception.Message,
    };
}

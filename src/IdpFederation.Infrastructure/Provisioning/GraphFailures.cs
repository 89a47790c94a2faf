using Azure.Identity;
using IdpFederation.Infrastructure.Provisioning.Graph;
using Microsoft.Kiota.Abstractions;

namespace IdpFederation.Infrastructure.Provisioning;

/// <summary>Failures that mean "Graph or Entra could not be used", as opposed to bugs: reported, never thrown past a run.</summary>
public static class GraphFailures
{
    public static bool IsGraphFailure(Exception exception) =>
        exception is ApiException or HttpRequestException or AuthenticationFailedException or TaskCanceledException or TimeoutException;

    /// <summary>One line for reports and logs: Graph's error code and message, or Entra's AADSTS line; never a secret or token.</summary>
    public static string Describe(Exception exception) => exception switch
    {
        AuthenticationFailedException auth => $"Entra refused the app's credentials: {FirstLine(auth.InnerException?.Message ?? auth.Message)}",
        _ => GraphErrors.Describe(exception),
    };

    private static string FirstLine(string text)
    {
        var end = text.IndexOfAny(['\r', '\n']);
        return end < 0 ? text : text[..end];
    }
}

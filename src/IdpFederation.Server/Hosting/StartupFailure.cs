using Microsoft.Extensions.Options;

namespace IdpFederation.Server.Hosting;

/// <summary>What to print when start-up fails for a reason the person running the server can fix.</summary>
internal static class StartupFailure
{
    private const string Prefix = "IdpFederation cannot start: ";
    private const string Invalid = Prefix + "the configuration is invalid.";

    /// <summary>One line per reason (a single reason fits on the first line), or null for a failure that is a bug.</summary>
    public static IReadOnlyList<string>? Explain(Exception exception) => exception switch
    {
        ListenAddressInUseException inUse => [Prefix + inUse.Message],
        OptionsValidationException validation => Reasons(validation.Failures),
        // Thrown with the precise reasons: unusable certificates and files, a policy or config file that is refused.
        InvalidDataException or InvalidOperationException or FormatException => Reasons(exception.Message.Split('\n')),
        _ => null,
    };

    private static string[] Reasons(IEnumerable<string> reasons)
    {
        var list = reasons.Select(r => r.Trim()).Where(r => r.Length > 0).ToArray();
        return list.Length == 1 ? [Invalid + " " + list[0]] : [Invalid, .. list.Select(r => "  " + r)];
    }
}

using System.Globalization;
using System.Text.RegularExpressions;

namespace IdpFederation.Core.Configuration;

/// <summary>
/// Who may read more of /health than its status. Anonymous callers get the status and the status code only: the
/// check descriptions name config paths, quote refused policy edits (network names included) and count rules, which a
/// stranger has no business reading. Both settings are off by default, so nobody gets the details until an operator
/// chooses how. Read at start-up: changing them needs a restart.
/// </summary>
public sealed partial class HealthOptions
{
    /// <summary>Shortest key <see cref="DetailsKeyFile"/> may hold: 32 characters, e.g. <c>openssl rand -base64 32</c>.</summary>
    public const int MinimumKeyLength = 32;

    /// <summary>
    /// A second listener for operators, as Keycloak's management port (e.g. <c>http://127.0.0.1:9000</c>): requests
    /// that arrive on it get the detailed health views, and nothing but /health, /health/live and /health/ready is
    /// served there. Requests are told apart by the port of the socket they arrived on, never by the Host header, which
    /// the caller writes; so the port must be one no public listener uses. Bind it to loopback or an internal interface.
    /// </summary>
    public string? ManagementUrl { get; set; }

    /// <summary>
    /// A file, relative to the config directory, holding a key of at least <see cref="MinimumKeyLength"/> characters; a
    /// caller sending <c>Authorization: Bearer &lt;key&gt;</c> gets the detailed views on any listener. The key itself is
    /// never accepted from the JSON, which ends up in backups and source control; a file (a mounted secret) has its own
    /// permissions.
    /// </summary>
    public string? DetailsKeyFile { get; set; }

    /// <summary>The port of a well-formed <see cref="ManagementUrl"/>: http(s)://host:port, explicit port, no path.</summary>
    public static bool TryParseManagementPort(string? url, out int port)
    {
        port = 0;
        var match = ManagementUrlPattern().Match(url ?? "");
        return match.Success
            && int.TryParse(match.Groups["port"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out port)
            && port is >= 1 and <= 65535;
    }

    // Kestrel's own address forms: a name, an IPv4 or bracketed IPv6 address, or the wildcards * and +.
    [GeneratedRegex(@"^https?://(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9*+._-]+):(?<port>[0-9]{1,5})/?\z", RegexOptions.CultureInvariant)]
    private static partial Regex ManagementUrlPattern();
}

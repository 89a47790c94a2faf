namespace IdpFederation.Infrastructure.PowerShell;

/// <summary>
/// How the scripts we write (provision app-script, federation script) put values into PowerShell: single-quoted, so
/// nothing in a value is ever expanded or run, and comments kept to one line.
/// </summary>
public static class PowerShellText
{
    /// <summary>A PowerShell single-quoted string: nothing inside is expanded, and a quote is doubled.</summary>
    public static string Quote(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        // PowerShell also ends a single-quoted string at the typographic quotes (U+2018, U+2019, U+201A, U+201B), so
        // they are doubled like the ASCII one.
        var quoted = new System.Text.StringBuilder(value.Length + 2).Append('\'');
        foreach (var c in value)
        {
            quoted.Append(c);
            if (c is '\'' or '\u2018' or '\u2019' or '\u201A' or '\u201B')
            {
                quoted.Append(c);
            }
        }

        return quoted.Append('\'').ToString();
    }

    /// <summary>Text for a # comment, on one line.</summary>
    public static string Comment(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.Replace('\r', ' ').Replace('\n', ' ');
    }

    /// <summary>
    /// Connect-MgGraph's -Environment for a national cloud's Graph host (Get-MgEnvironment lists them); null for Global
    /// (entra-federation.md §5.3: Global, US Gov L4, L5 (DoD) and China 21Vianet).
    /// </summary>
    public static string? GraphEnvironment(string? graphBaseUrl) =>
        Uri.TryCreate(graphBaseUrl, UriKind.Absolute, out var uri)
            ? uri.Host.ToUpperInvariant() switch
            {
                "GRAPH.MICROSOFT.US" => "USGov",
                "DOD-GRAPH.MICROSOFT.US" => "USGovDoD",
                "MICROSOFTGRAPH.CHINACLOUDAPI.CN" => "China",
                _ => null,
            }
            : null;
}

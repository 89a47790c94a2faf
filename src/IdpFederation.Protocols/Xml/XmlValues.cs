using System.Globalization;

namespace IdpFederation.Protocols.Xml;

/// <summary>Formatting and checks shared by the XML writers.</summary>
internal static class XmlValues
{
    /// <summary>xs:dateTime in UTC with milliseconds, e.g. 2025-01-31T12:00:00.000Z (spec §1.4).</summary>
    public static string FormatUtc(DateTime value, string name)
    {
        // Unspecified is taken as UTC (values from databases and TimeProvider-derived arithmetic);
        // Local would silently shift the validity window, so it is refused.
        if (value.Kind == DateTimeKind.Local)
        {
            throw new ArgumentException($"{name} must be a UTC DateTime, not local time.", name);
        }

        return value.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Refuses control characters (including CR, LF and TAB). XML parsers normalise line breaks and
    /// attribute whitespace, so such a value would be read back differently from what was signed;
    /// none of the identifiers and claim values we emit legitimately contains one.
    /// </summary>
    public static string Checked(string? value, string name)
    {
        ArgumentNullException.ThrowIfNull(value, name);
        foreach (var c in value)
        {
            if (char.IsControl(c))
            {
                throw new ArgumentException($"{name} contains a control character.", name);
            }
        }

        return value;
    }
}

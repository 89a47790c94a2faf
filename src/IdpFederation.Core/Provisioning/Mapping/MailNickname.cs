using System.Text;

namespace IdpFederation.Core.Provisioning.Mapping;

/// <summary>
/// Makes a value acceptable as Graph's mailNickname (the Exchange alias): at most 64 characters from A-Z a-z 0-9 and
/// ! # $ % &amp; ' * + - / = ? ^ _ ` { | } ~, with periods only between other characters (Exchange Online
/// "Alias" parameter rules, which Graph's user resource refers to). Anything else is dropped, not replaced, so
/// "o'brien smith" becomes "o'briensmith".
/// </summary>
public static class MailNickname
{
    public const int MaxLength = 64;

    private const string Allowed = "!#$%&'*+-/=?^_`{|}~";

    /// <summary>The sanitised alias, or "" when nothing usable is left (the planner reports that user as a conflict).</summary>
    public static string Sanitize(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var alias = new StringBuilder(Math.Min(value.Length, MaxLength));
        foreach (var c in value)
        {
            if (alias.Length == MaxLength)
            {
                break;
            }

            if (char.IsAsciiLetterOrDigit(c) || Allowed.Contains(c, StringComparison.Ordinal))
            {
                alias.Append(c);
            }
            else if (c == '.' && alias.Length > 0 && alias[^1] != '.')
            {
                alias.Append(c);
            }
        }

        return alias.ToString().TrimEnd('.');
    }
}

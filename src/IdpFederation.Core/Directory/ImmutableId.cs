namespace IdpFederation.Core.Directory;

/// <summary>
/// Entra's onPremisesImmutableId: the anchor that ties a cloud user to this directory's user. It goes into the
/// ImmutableID claim of every token, so it must stay stable and within what Entra accepts.
/// </summary>
public static class ImmutableId
{
    public const int MaxLength = 64;

    /// <summary>Base64 of a random GUID's bytes, the shape AD Connect produces from objectGUID, so imports look alike.</summary>
    public static string Generate() => Convert.ToBase64String(Guid.NewGuid().ToByteArray());

    /// <summary>Returns why <paramref name="value"/> is unusable, or null when it is acceptable.</summary>
    public static string? Validate(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "ImmutableID must not be empty.";
        }

        if (value.Length > MaxLength)
        {
            return $"ImmutableID must be at most {MaxLength} characters (got {value.Length}).";
        }

        foreach (var c in value)
        {
            // '$', '_' and '@' are refused by Entra's onPremisesImmutableId; whitespace and control characters
            // would not survive the round trip through SAML/WS-Fed NameID values intact.
            if (c is '$' or '_' or '@')
            {
                return $"ImmutableID must not contain '{c}'.";
            }

            if (char.IsWhiteSpace(c) || char.IsControl(c))
            {
                return "ImmutableID must not contain whitespace or control characters.";
            }
        }

        return null;
    }
}

namespace IdpFederation.Infrastructure.Geo;

/// <summary>Two ASCII letters in one ushort; 0 means "no country".</summary>
internal static class CountryCodes
{
    public static bool TryPack(ReadOnlySpan<char> code, out ushort packed)
    {
        packed = 0;
        if (code.Length != 2 || !char.IsAsciiLetter(code[0]) || !char.IsAsciiLetter(code[1]))
        {
            return false;
        }

        packed = (ushort)((char.ToUpperInvariant(code[0]) << 8) | char.ToUpperInvariant(code[1]));
        return true;
    }

    private static readonly string[] Names = Enumerable.Range(0, 26 * 26)
        .Select(i => string.Concat((char)('A' + (i / 26)), (char)('A' + (i % 26))))
        .ToArray();

    /// <summary>Returns interned strings, so a lookup allocates nothing.</summary>
    public static string Unpack(ushort packed) => Names[(((packed >> 8) - 'A') * 26) + ((packed & 0xFF) - 'A')];
}

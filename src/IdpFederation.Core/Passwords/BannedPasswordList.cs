using System.Collections.Frozen;

namespace IdpFederation.Core.Passwords;

/// <summary>
/// Passwords too common to be set, compared case-insensitively (NIST SP 800-63B §5.1.1.2: refuse values from lists
/// of commonly used or compromised passwords). The list built into this assembly comes from
/// <c>Passwords/banned-passwords.txt</c>; an administrator's file can only add to it.
/// </summary>
public sealed class BannedPasswordList
{
    private const string BuiltInResource = "IdpFederation.Core.Passwords.banned-passwords.txt";

    private static readonly Lazy<BannedPasswordList> LazyBuiltIn = new(LoadBuiltIn);

    // Case-insensitive because "PASSWORD123" and "Password123" are guessed as early as "password123".
    private readonly FrozenSet<string> _entries;

    private BannedPasswordList(IEnumerable<string> entries) => _entries = entries.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    /// <summary>The list shipped with IdpFederation (a few thousand passwords of 8 or more characters).</summary>
    public static BannedPasswordList BuiltIn => LazyBuiltIn.Value;

    public int Count => _entries.Count;

    public bool Contains(string password)
    {
        ArgumentNullException.ThrowIfNull(password);
        return _entries.Contains(password);
    }

    /// <summary>One password per line; surrounding whitespace, blank lines and lines starting with '#' are ignored.</summary>
    public static IReadOnlyList<string> ReadEntries(TextReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var entries = new List<string>();
        while (reader.ReadLine() is { } line)
        {
            var entry = line.Trim();
            if (entry.Length > 0 && !entry.StartsWith('#'))
            {
                entries.Add(entry);
            }
        }

        return entries;
    }

    /// <summary>This list with more entries added.</summary>
    public BannedPasswordList With(IEnumerable<string> more) => new(_entries.Concat(more));

    private static BannedPasswordList LoadBuiltIn()
    {
        using var stream = typeof(BannedPasswordList).Assembly.GetManifestResourceStream(BuiltInResource)
            ?? throw new InvalidOperationException($"The built-in banned-password list ({BuiltInResource}) is missing from the assembly.");
        using var reader = new StreamReader(stream);
        return new BannedPasswordList(ReadEntries(reader));
    }
}

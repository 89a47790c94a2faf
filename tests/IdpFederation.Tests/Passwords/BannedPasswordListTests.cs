using IdpFederation.Core.Passwords;

namespace IdpFederation.Tests.Passwords;

/// <summary>The list format and the list shipped inside IdpFederation.Core.</summary>
[Trait("Kind", "Unit")]
public sealed class BannedPasswordListTests
{
    private static IReadOnlyList<string> ShippedEntries()
    {
        using var stream = typeof(BannedPasswordList).Assembly.GetManifestResourceStream("IdpFederation.Core.Passwords.banned-passwords.txt");
        Assert.NotNull(stream);
        using var reader = new StreamReader(stream);
        return BannedPasswordList.ReadEntries(reader);
    }

    [Fact]
    public void Entries_are_trimmed_lines_without_blanks_or_comments()
    {
        using var reader = new StringReader("# a comment\n\n  Contoso2026!  \r\nfabrikam rocks\n   # indented comment\n");

        Assert.Equal(["Contoso2026!", "fabrikam rocks"], BannedPasswordList.ReadEntries(reader));
    }

    [Fact]
    public void The_shipped_list_holds_thousands_of_distinct_passwords_of_at_least_eight_characters()
    {
        var entries = ShippedEntries();

        Assert.InRange(entries.Count, 3_000, 20_000);
        Assert.All(entries, e => Assert.InRange(e.Length, 8, 64));
        Assert.Equal(entries.Count, entries.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.Equal(entries.Count, BannedPasswordList.BuiltIn.Count);
    }

    [Theory]
    [InlineData("password")]
    [InlineData("12345678")]
    [InlineData("qwertyuiop")]
    [InlineData("iloveyou")]
    [InlineData("p@ssw0rd")]
    [InlineData("welcome123")]
    [InlineData("winter2025!")]
    [InlineData("Tr0ub4dor&3")]
    public void The_shipped_list_has_the_passwords_everyone_tries_first(string password) =>
        Assert.True(BannedPasswordList.BuiltIn.Contains(password.ToUpperInvariant()) && BannedPasswordList.BuiltIn.Contains(password));

    [Theory]
    [InlineData("Correct horse battery 1!")]
    [InlineData("Purple monkey dishwasher 7")]
    public void The_passwords_the_documentation_and_tests_use_are_not_on_it(string password) =>
        Assert.False(BannedPasswordList.BuiltIn.Contains(password));
}

using System.Text;
using System.Text.Json;
using IdpFederation.Core.Configuration;

namespace IdpFederation.Tests.CoreLayer;

/// <summary>Line and column as an editor shows them: from 1, in characters, whatever the reader counted in bytes.</summary>
[Trait("Kind", "Unit")]
public sealed class JsonErrorLocationTests
{
    /// <summary>Parsed from UTF-8 bytes, as the configuration system reads a file (a byte order mark is skipped).</summary>
    private static JsonException ParseError(string text)
    {
        try
        {
            using var stream = new MemoryStream(Encoding.UTF8.GetBytes(text));
            using var _ = JsonDocument.Parse(stream);
        }
        catch (JsonException ex)
        {
            return ex;
        }

        throw new Xunit.Sdk.XunitException("expected a parse error");
    }

    [Theory]
    [InlineData("{ \"a\": 1,, }", "line 1, column 10")]
    [InlineData("{\n  \"a\": 1,\n  \"b\": x\n}", "line 3, column 8")]
    [InlineData("{\r\n  \"a\": 1,\r\n  \"b\": x\r\n}", "line 3, column 8")]
    // "é" and "日本" take 2 and 6 bytes in UTF-8; the column counts characters.
    [InlineData("{ \"é\": \"日本\" x }", "line 1, column 13")]
    [InlineData("\uFEFF{ x }", "line 1, column 3")]
    [InlineData("{ \"a\": ", "line 1, column 8")]
    public void Describes_the_position_an_editor_shows(string text, string expected)
    {
        var where = JsonErrorLocation.Describe(ParseError(text), text);

        Assert.Equal(expected, where);
    }

    [Fact]
    public void The_reason_leaves_out_the_byte_positions_it_restates()
    {
        var reason = JsonErrorLocation.Reason(ParseError("{ \"a\": 1,, }"));

        Assert.Equal("',' is an invalid start of a property name. Expected a '\"'.", reason);
    }

    [Fact]
    public void Without_a_position_there_is_no_location() =>
        Assert.Null(JsonErrorLocation.Describe(new JsonException("no position"), "{}"));
}

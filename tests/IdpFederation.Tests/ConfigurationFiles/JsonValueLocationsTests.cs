using System.Text;
using IdpFederation.Infrastructure.Configuration;
using Microsoft.Extensions.Configuration;

namespace IdpFederation.Tests.ConfigurationFiles;

/// <summary>Each configuration key of a JSON file, keyed as the configuration keys it, with where its value starts.</summary>
[Trait("Kind", "Unit")]
public sealed class JsonValueLocationsTests
{
    private const string File = "{\r\n  // a comment\r\n  \"Idp\": {\r\n    \"Domains\": [ { \"Name\": \"contoso.com\" }, { \"Name\": \"fabrikam.com\", } ],\r\n    \"Branding\": { \"OrganizationName\": \"Zoë Ltd\", \"PrimaryColor\": \"#123456\" },\r\n    \"Empty\": {}\r\n  }\r\n}\r\n";

    [Theory]
    [InlineData("Idp", 3, 10)]
    [InlineData("Idp:Domains", 4, 16)]
    [InlineData("Idp:Domains:0", 4, 18)]
    [InlineData("Idp:Domains:0:Name", 4, 28)]
    [InlineData("idp:domains:1:name", 4, 55)]
    [InlineData("Idp:Branding:PrimaryColor", 5, 66)]
    [InlineData("Idp:Empty", 6, 14)]
    public void Values_are_found_by_configuration_key_without_case(string key, int line, int column)
    {
        var locations = JsonValueLocations.Read(Encoding.UTF8.GetBytes(File));

        Assert.Equal(new JsonTextPosition(line, column), locations.Find(key));
    }

    [Fact]
    public void Every_key_the_configuration_reads_is_located()
    {
        var bytes = Encoding.UTF8.GetBytes(File);
        using var stream = new MemoryStream(bytes);
        var configuration = new ConfigurationBuilder().AddJsonStream(stream).Build();
        var locations = JsonValueLocations.Read(bytes);

        Assert.All(configuration.AsEnumerable(), pair => Assert.NotNull(locations.Find(pair.Key)));
    }

    [Fact]
    public void Columns_count_characters_after_a_byte_order_mark_as_editors_do()
    {
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes("{ \"A\": \"é€\", \"B\": 1 }")).ToArray();

        Assert.Equal(new JsonTextPosition(1, 19), JsonValueLocations.Read(bytes).Find("B"));
    }
}

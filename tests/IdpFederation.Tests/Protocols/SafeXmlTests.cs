using System.Text;
using IdpFederation.Protocols.Xml;

namespace IdpFederation.Tests.Protocols;

/// <summary>Security checklist row 5: the one inbound XML entry point refuses DTDs, entities, oversize and malformed input.</summary>
[Trait("Kind", "Unit")]
public class SafeXmlTests
{
    private const int Limit = 262144;

    private static XmlInputException Refused(string xml, int limit = Limit) =>
        Assert.Throws<XmlInputException>(() => SafeXml.LoadDocument(xml, limit));

    [Fact]
    public void Loads_well_formed_xml_preserving_whitespace()
    {
        var document = SafeXml.LoadDocument("<a>\n  <b> x </b>\n</a>", Limit);
        Assert.True(document.PreserveWhitespace);
        Assert.Equal("<a>\n  <b> x </b>\n</a>", document.OuterXml);
    }

    [Fact]
    public void Rejects_internal_dtd()
    {
        Assert.Equal("DTDs are not allowed.", Refused("<!DOCTYPE a [<!ELEMENT a ANY>]><a/>").Message);
    }

    [Fact]
    public void Rejects_xxe_external_entity_without_reading_the_file()
    {
        const string xxe = "<?xml version=\"1.0\"?><!DOCTYPE a [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><a>&x;</a>";
        Assert.Equal("DTDs are not allowed.", Refused(xxe).Message);
    }

    [Fact]
    public void Rejects_external_dtd_reference()
    {
        Assert.Equal("DTDs are not allowed.", Refused("<!DOCTYPE a SYSTEM \"http://attacker.example/a.dtd\"><a/>").Message);
    }

    [Fact]
    public void Rejects_billion_laughs()
    {
        var xml = new StringBuilder("<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">");
        for (var i = 1; i <= 9; i++)
        {
            xml.Append($"<!ENTITY lol{i} \"{string.Concat(Enumerable.Repeat($"&lol{(i == 1 ? "" : i - 1)};", 10))}\">");
        }

        xml.Append("]><lolz>&lol9;</lolz>");
        Assert.Equal("DTDs are not allowed.", Refused(xml.ToString()).Message);
    }

    [Fact]
    public void Rejects_oversize_input_before_parsing()
    {
        var xml = "<a>" + new string('x', 300000 - 7) + "</a>";
        Assert.Equal(300000, xml.Length);
        Assert.Equal("XML input is 300000 characters; the limit is 262144.", Refused(xml).Message);
    }

    [Theory]
    [InlineData("<a><b></a>", "Malformed XML: ", "at line 1, position")]
    [InlineData("<a>\n<b x='1' x='2'/></a>", "Malformed XML: ", "at line 2, position")]
    [InlineData("", "Malformed XML: Root element is missing", "")]
    [InlineData("<a/><b/>", "Malformed XML: ", "at line 1, position")]
    public void Rejects_malformed_xml_with_reason_and_position(string xml, string prefix, string position)
    {
        var message = Refused(xml).Message;
        Assert.StartsWith(prefix, message, StringComparison.Ordinal);
        Assert.Contains(position, message, StringComparison.Ordinal);
        Assert.DoesNotContain(" Line ", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Reader_settings_are_hardened()
    {
        var settings = SafeXml.CreateReaderSettings(1000);
        Assert.Equal(System.Xml.DtdProcessing.Prohibit, settings.DtdProcessing);
        Assert.Equal(1000, settings.MaxCharactersInDocument);
        Assert.False(settings.IgnoreWhitespace);
    }
}

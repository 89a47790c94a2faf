using static IdpFederation.Tests.CoreLayer.OptionsValidation;

namespace IdpFederation.Tests.CoreLayer;

/// <summary>Idp:Health: a management URL Kestrel can bind and the server can recognise by port; a key file path, not blank.</summary>
[Trait("Kind", "Unit")]
public sealed class HealthOptionsValidationTests
{
    [Theory]
    [InlineData("http://127.0.0.1:9000")]
    [InlineData("http://127.0.0.1:9000/")]
    [InlineData("https://mgmt.contoso.internal:9443")]
    [InlineData("http://*:9000")]
    [InlineData("http://+:9000")]
    [InlineData("http://[::1]:9000")]
    public void A_management_url_with_an_explicit_port_is_accepted(string url) =>
        Assert.Empty(Failures(o => o.Health.ManagementUrl = url));

    [Theory]
    [InlineData("http://127.0.0.1")]
    [InlineData("http://127.0.0.1:0")]
    [InlineData("http://127.0.0.1:70000")]
    [InlineData("http://127.0.0.1:9000/health")]
    [InlineData("ftp://127.0.0.1:9000")]
    [InlineData("127.0.0.1:9000")]
    [InlineData(" ")]
    public void A_management_url_without_a_usable_port_or_with_a_path_is_refused(string url) =>
        AssertOnlyFailure($"Idp:Health:ManagementUrl '{url}' must be http://host:port or https://host:port with an explicit port (1-65535) " +
            "and no path, e.g. http://127.0.0.1:9000.", o => o.Health.ManagementUrl = url);

    [Fact]
    public void A_blank_key_file_is_refused() =>
        AssertOnlyFailure("Idp:Health:DetailsKeyFile must be a file path or left out, not blank.", o => o.Health.DetailsKeyFile = "  ");

    /// <summary>An empty value is how an environment variable says "unset" (Idp__Health__ManagementUrl=).</summary>
    [Fact]
    public void Nothing_set_or_empty_is_valid()
    {
        Assert.Empty(Failures(_ => { }));
        Assert.Empty(Failures(o => (o.Health.ManagementUrl, o.Health.DetailsKeyFile) = ("", "")));
    }
}

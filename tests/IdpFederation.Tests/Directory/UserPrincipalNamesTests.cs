using IdpFederation.Core.Directory;

namespace IdpFederation.Tests.Directory;

[Trait("Kind", "Unit")]
public sealed class UserPrincipalNamesTests
{
    [Theory]
    [InlineData("alice@contoso.com")]
    [InlineData("Alice.Smith@Sales.Contoso.com")]
    [InlineData("o'brien-x_y!z#a^b~c@contoso.com")]
    [InlineData("a@b-c.d")]
    public void Valid_upns_pass(string upn) => Assert.Null(UserPrincipalNames.Validate(upn));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("alice")]
    [InlineData("@contoso.com")]
    [InlineData("alice@")]
    [InlineData("a@b@contoso.com")]
    [InlineData(".alice@contoso.com")]
    [InlineData("alice.@contoso.com")]
    [InlineData("al..ice@contoso.com")]
    [InlineData("al ice@contoso.com")]
    [InlineData("al\"ice@contoso.com")]
    [InlineData("alice@contoso..com")]
    [InlineData("alice@-contoso.com")]
    [InlineData("alice@contoso_x.com")]
    public void Invalid_upns_are_explained(string? upn) => Assert.False(string.IsNullOrEmpty(UserPrincipalNames.Validate(upn)));

    [Fact]
    public void Length_limits_follow_entra()
    {
        Assert.Null(UserPrincipalNames.Validate(new string('a', 64) + "@contoso.com"));
        Assert.NotNull(UserPrincipalNames.Validate(new string('a', 65) + "@contoso.com"));
        Assert.NotNull(UserPrincipalNames.Validate("a@" + new string('b', 46) + ".com"));
    }

    [Fact]
    public void Normalize_trims_and_upper_cases() => Assert.Equal("ALICE@CONTOSO.COM", UserPrincipalNames.Normalize("  alice@Contoso.com "));
}

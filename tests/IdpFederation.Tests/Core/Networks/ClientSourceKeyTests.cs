using System.Net;
using IdpFederation.Core.Networks;

namespace IdpFederation.Tests.CoreLayer;

[Trait("Kind", "Unit")]
public sealed class ClientSourceKeyTests
{
    [Theory]
    [InlineData("198.51.100.7", "198.51.100.7")]
    [InlineData("::ffff:198.51.100.7", "198.51.100.7")]
    [InlineData("2001:db8:1:2::1", "2001:db8:1:2::/64")]
    [InlineData("2001:db8:1:2:ffff:ffff:ffff:ffff", "2001:db8:1:2::/64")]
    [InlineData("2001:db8:1:3::1", "2001:db8:1:3::/64")]
    public void An_IPv4_address_counts_alone_and_an_IPv6_address_by_its_64(string address, string expected) =>
        Assert.Equal(expected, ClientSourceKey.For(IPAddress.Parse(address)));

    [Fact]
    public void No_address_is_one_shared_source() => Assert.Equal(ClientSourceKey.Unknown, ClientSourceKey.For(null));
}

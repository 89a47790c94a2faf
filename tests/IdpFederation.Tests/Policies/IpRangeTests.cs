using System.Net;
using IdpFederation.Core.Networks;

namespace IdpFederation.Tests.Policies;

/// <summary>CIDR parsing and matching that rules, corporate networks and banned IPs all rely on.</summary>
[Trait("Kind", "Unit")]
public sealed class IpRangeTests
{
    [Theory]
    [InlineData("203.0.113.0/24", "203.0.113.0", true)]
    [InlineData("203.0.113.0/24", "203.0.113.255", true)]
    [InlineData("203.0.113.0/24", "203.0.114.0", false)]
    [InlineData("203.0.113.0/24", "203.0.112.255", false)]
    [InlineData("203.0.113.0/24", "::ffff:203.0.113.9", true)]
    [InlineData("203.0.113.0/24", "::203.0.113.9", false)]
    [InlineData("0.0.0.0/0", "255.255.255.255", true)]
    [InlineData("192.0.2.128/25", "192.0.2.127", false)]
    [InlineData("192.0.2.128/25", "192.0.2.128", true)]
    [InlineData("10.0.0.0/7", "11.255.255.255", true)]
    [InlineData("10.0.0.0/7", "12.0.0.0", false)]
    [InlineData("2001:db8::/32", "2001:db8:ffff:ffff:ffff:ffff:ffff:ffff", true)]
    [InlineData("2001:db8::/32", "2001:db9::", false)]
    [InlineData("2001:db8::/33", "2001:db8:8000::", false)]
    [InlineData("2001:db8::/31", "2001:db9:1::", true)]
    [InlineData("::/0", "::1", true)]
    [InlineData("::/0", "10.0.0.1", false)]
    [InlineData("::1", "::1", true)]
    [InlineData("::ffff:203.0.113.9", "203.0.113.9", true)]
    public void Contains_matches_whole_prefixes_and_maps_IPv4_in_IPv6(string cidr, string address, bool expected)
    {
        Assert.True(IpRange.TryParse(cidr, out var range, out var error), error);
        Assert.Equal(expected, range.Contains(IPAddress.Parse(address)));
    }

    [Fact]
    public void A_bare_address_is_a_single_host_range()
    {
        Assert.True(IpRange.TryParse("2001:db8::7", out var range, out _));
        Assert.Equal("2001:db8::7/128", range.ToString());
        Assert.True(IpRange.TryParse("192.0.2.7", out range, out _));
        Assert.Equal("192.0.2.7/32", range.ToString());
    }

    [Fact]
    public void An_IPv4_mapped_IPv6_prefix_is_read_as_the_IPv4_prefix_it_covers()
    {
        // "::ffff:192.0.2.0/120" is the IPv6 spelling of 192.0.2.0/24 (ASP.NET's KnownNetworks uses it for dual-stack
        // sockets). The address is mapped to IPv4, so the prefix must be reduced by 96 with it.
        Assert.True(IpRange.TryParse("::ffff:192.0.2.0/120", out var range, out var error), error);
        Assert.Equal("192.0.2.0/24", range.ToString());
        Assert.True(range.Contains(IPAddress.Parse("192.0.2.9")));
        Assert.False(range.Contains(IPAddress.Parse("192.0.3.9")));
    }
}

using IdpFederation.Tests.Policies;

namespace IdpFederation.Tests.Lockout;

/// <summary>A real server whose policy file sets a low smart-lockout threshold.</summary>
public sealed class LockoutServerFixture : PolicyServerFixture
{
    public const string LockoutPolicy = """
        {
          "networks": { "office": ["203.0.113.0/24"] },
          "corporateNetworks": ["office"],
          "lockout": { "unfamiliarThreshold": 3, "familiarThreshold": 6, "ipThreshold": 1000, "window": "00:15:00" }
        }
        """;

    public LockoutServerFixture()
        : base(LockoutPolicy, trustLoopbackProxy: true)
    {
    }
}

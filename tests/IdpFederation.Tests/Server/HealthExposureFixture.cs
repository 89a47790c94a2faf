using System.Text.Json.Nodes;
using IdpFederation.Tests.Policies;

namespace IdpFederation.Tests.Server;

/// <summary>
/// A server whose health checks have something to leak: a policy with named networks (PolicyServerFixture's), a
/// config directory under a temporary path, a management listener (the harness gives every server one) and a bearer
/// key in Idp:Health:DetailsKeyFile.
/// </summary>
public sealed class HealthExposureFixture : PolicyServerFixture
{
    /// <summary>What an operator would generate with openssl rand -base64 32.</summary>
    public const string DetailsKey = "q0Wl7m1YV3Qk8d2Jc9Zr5Tn4Hs6Bx0Pe1Ga3Uf7Ly2M=";
    public const string DetailsKeyFile = "health.key";

    public HealthExposureFixture()
        : base(InitialPolicy, trustLoopbackProxy: true, config => config["Idp"]!["Health"] = new JsonObject { ["DetailsKeyFile"] = DetailsKeyFile }) =>
        // Written as a secret mount would hold it, with a trailing newline.
        File.WriteAllText(Path.Combine(Environment.ConfigDirectory, DetailsKeyFile), DetailsKey + "\n");

    public string ManagementUrl => Environment.ManagementUrl;
}

using System.Net;
using IdpFederation.Core.Policies;
using IdpFederation.Infrastructure.Geo;
using IdpFederation.Server.Health;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging.Abstractions;

namespace IdpFederation.Tests.Geo;

/// <summary>A refused country database replacement shows on /health/ready's policy check as Degraded, with the reason.</summary>
[Trait("Kind", "Integration")]
public sealed class CountryDatabaseHealthTests : IDisposable
{
    private readonly string _temp = Path.Combine(Path.GetTempPath(), "idpfed-geohealth-" + Guid.NewGuid().ToString("N")[..12]);

    public CountryDatabaseHealthTests() => System.IO.Directory.CreateDirectory(_temp);

    public void Dispose() => System.IO.Directory.Delete(_temp, recursive: true);

    [Fact]
    public async Task The_policy_check_is_degraded_while_a_replacement_is_refused_and_healthy_again_after_a_good_one()
    {
        var path = Path.Combine(_temp, "countries.mmdb");
        var writer = new MmdbTestWriter();
        writer.AddRange(IPAddress.Parse("8.8.8.0"), IPAddress.Parse("8.8.8.255"), MmdbTestWriter.IpLocationDbRecord("US"));
        var good = writer.Build();
        File.WriteAllBytes(path, good);
        using var countries = new ReloadingCountryLookup([path], NullLogger<ReloadingCountryLookup>.Instance);
        var check = new PolicyHealthCheck(new StaticPolicyProvider(CompiledPolicy.Empty), countries);

        // Replaced by renaming, never written in place: the database in force has this file's old contents mapped.
        Replace(path, good[..40]);
        countries.Reload();
        var refused = await check.CheckHealthAsync(new HealthCheckContext());
        Replace(path, good);
        countries.Reload();
        var recovered = await check.CheckHealthAsync(new HealthCheckContext());

        Assert.Equal(HealthStatus.Degraded, refused.Status);
        Assert.StartsWith($"country database replacement refused, previous database in force: Idp:Policy:CountryDatabase: '{path}' is named .mmdb",
            refused.Description, StringComparison.Ordinal);
        Assert.Equal(HealthStatus.Healthy, recovered.Status);
    }

    private static void Replace(string path, byte[] content)
    {
        File.WriteAllBytes(path + ".tmp", content);
        File.Move(path + ".tmp", path, overwrite: true);
    }
}

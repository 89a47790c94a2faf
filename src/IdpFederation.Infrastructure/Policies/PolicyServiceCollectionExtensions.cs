using IdpFederation.Core.Configuration;
using IdpFederation.Core.Networks;
using IdpFederation.Core.Policies;
using IdpFederation.Infrastructure.Configuration;
using IdpFederation.Infrastructure.Geo;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IdpFederation.Infrastructure.Policies;

public static class PolicyServiceCollectionExtensions
{
    /// <summary>The policy file and the country database (CSV or mmdb) named in Idp:Policy, both reloaded when replaced.</summary>
    public static IServiceCollection AddIdpPolicies(this IServiceCollection services)
    {
        services.AddSingleton<ICountryLookup>(sp =>
        {
            var paths = sp.GetRequiredService<IdpPaths>();
            var files = sp.GetRequiredService<IOptions<IdpOptions>>().Value.Policy.CountryDatabase;
            return files.Count == 0
                ? new NoCountryLookup()
                : new ReloadingCountryLookup(files.Select(paths.ResolveConfigPath), sp.GetRequiredService<ILogger<ReloadingCountryLookup>>());
        });
        services.AddSingleton<IPolicyProvider>(sp => new PolicyFileProvider(
            sp.GetRequiredService<IdpPaths>().ResolveConfigPath(sp.GetRequiredService<IOptions<IdpOptions>>().Value.Policy.File),
            sp.GetRequiredService<ICountryLookup>(),
            sp.GetRequiredService<ILogger<PolicyFileProvider>>()));
        return services;
    }
}

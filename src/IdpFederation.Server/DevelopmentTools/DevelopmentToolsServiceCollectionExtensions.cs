using IdpFederation.Core.Configuration;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace IdpFederation.Server.DevelopmentTools;

public static class DevelopmentToolsServiceCollectionExtensions
{
    /// <summary>Razor Pages folder of the development-only pages (Pages/Dev).</summary>
    public const string PagesFolder = "/Dev";

    /// <summary>
    /// The test relying party's switch and its environment rule. Outside Development the pages under
    /// <see cref="PagesFolder"/> get no route at all, whatever the configuration says: there is nothing to probe.
    /// </summary>
    public static IServiceCollection AddDevelopmentTools(this IServiceCollection services, IHostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        services.AddSingleton(new TestRelyingPartyEnvironmentRule(environment));
        services.AddSingleton<IPostConfigureOptions<IdpOptions>>(sp => sp.GetRequiredService<TestRelyingPartyEnvironmentRule>());
        services.AddSingleton<IValidateOptions<IdpOptions>>(sp => sp.GetRequiredService<TestRelyingPartyEnvironmentRule>());
        services.AddSingleton<TestRelyingPartyInspector>();
        if (!environment.IsDevelopment())
        {
            services.Configure<RazorPagesOptions>(pages =>
                pages.Conventions.AddFolderRouteModelConvention(PagesFolder, model => model.Selectors.Clear()));
        }

        return services;
    }
}

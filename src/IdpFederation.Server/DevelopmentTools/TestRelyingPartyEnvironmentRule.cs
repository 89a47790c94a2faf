using IdpFederation.Core.Configuration;
using Microsoft.Extensions.Options;

namespace IdpFederation.Server.DevelopmentTools;

/// <summary>
/// Ties Idp:Development:TestRelyingParty to the hosting environment: unset, it follows the environment (on in
/// Development only); set to true anywhere else, the options are invalid, so start-up stops with this reason (exit 1)
/// and a reload that tries it is refused while the last good options stay in force.
/// </summary>
/// <remarks>
/// Registered by the server only. The CLI never serves the page, so there the switch stays unset and the realm unknown.
/// </remarks>
public sealed class TestRelyingPartyEnvironmentRule : IPostConfigureOptions<IdpOptions>, IValidateOptions<IdpOptions>
{
    public const string Key = "Idp:Development:TestRelyingParty";

    private readonly IHostEnvironment _environment;

    public TestRelyingPartyEnvironmentRule(IHostEnvironment environment) => _environment = environment;

    public void PostConfigure(string? name, IdpOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Development.TestRelyingParty ??= _environment.IsDevelopment();
    }

    public ValidateOptionsResult Validate(string? name, IdpOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Development.TestRelyingParty == true && !_environment.IsDevelopment())
        {
            return ValidateOptionsResult.Fail(
                $"{Key} is true, but the environment is '{_environment.EnvironmentName}': the development test relying party " +
                "can be switched on only when ASPNETCORE_ENVIRONMENT is Development. Remove the setting (it is off by default outside Development).");
        }

        return ValidateOptionsResult.Success;
    }
}

using IdpFederation.Core.Auditing;
using IdpFederation.Core.Authentication;
using IdpFederation.Core.Configuration;
using IdpFederation.Core.DependencyInjection;
using IdpFederation.Core.Directory;
using IdpFederation.Core.Domains;
using IdpFederation.Core.Mfa;
using IdpFederation.Core.Passwords;
using IdpFederation.Core.Pipeline;
using IdpFederation.Core.Sessions;
using IdpFederation.Core.SignIn;
using IdpFederation.Core.Tokens;
using IdpFederation.Core.WsFederation;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace IdpFederation.Tests.CoreLayer;

/// <summary>AddIdpCore wired over the test fakes: everything resolves, and the policy steps run in the documented order.</summary>
[Trait("Kind", "Unit")]
public sealed class CoreServiceRegistrationTests : IDisposable
{
    private readonly CoreTestFactory _factory = new();
    private readonly TestSigningKeyStore _keys = new();

    public void Dispose() => _keys.Dispose();

    private ServiceCollection Services()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IOptionsMonitor<IdpOptions>>(_factory.Options);
        // Registered by Infrastructure's AddIdpOptions, not by AddIdpCore, although only Core uses it.
        services.AddSingleton<FederatedDomainCatalog>();
        services.AddSingleton<TimeProvider>(_factory.Time);
        services.AddSingleton<IUserDirectory>(_factory.Directory);
        services.AddSingleton<IAuditLog>(_factory.AuditLog);
        services.AddSingleton<IPasswordHasher>(_factory.Hasher);
        services.AddSingleton<ISigningKeyStore>(_keys);
        // Registered by the host (Data Protection) and Infrastructure (the enrolment table), not by AddIdpCore.
        services.AddSingleton<IDataProtectionProvider>(_factory.DataProtection);
        services.AddSingleton<IMfaEnrollmentStore>(_factory.MfaEnrollments);
        return services;
    }

    [Fact]
    public void Every_core_service_resolves()
    {
        using var provider = Services().AddIdpCore().BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });

        Assert.NotNull(provider.GetRequiredService<WsFederationRequestValidator>());
        Assert.NotNull(provider.GetRequiredService<WsFederationResponseGenerator>());
        Assert.NotNull(provider.GetRequiredService<PasswordAuthenticator>());
        Assert.NotNull(provider.GetRequiredService<ClaimsFactory>());
        Assert.NotNull(provider.GetRequiredService<SignInAuditor>());
        Assert.NotNull(provider.GetRequiredService<SignInPipeline>());
        Assert.NotNull(provider.GetRequiredService<MfaAuthenticator>());
        Assert.NotNull(provider.GetRequiredService<RememberedDeviceTokens>());
        Assert.IsType<InMemorySessionStore>(provider.GetRequiredService<ISessionStore>());
        Assert.IsType<InMemoryPendingSignInStore>(provider.GetRequiredService<IPendingSignInStore>());
    }

    [Fact]
    public void The_steps_run_session_then_account_then_policy_then_mfa()
    {
        using var provider = Services().AddIdpCore().BuildServiceProvider();

        Assert.Equal(["authenticated", "account-active", "policy", "mfa"], provider.GetServices<ISignInStep>().Select(s => s.Name));
    }

    [Fact]
    public void The_test_factory_builds_the_steps_in_the_registered_order()
    {
        using var provider = Services().AddIdpCore().BuildServiceProvider();

        Assert.Equal(provider.GetServices<ISignInStep>().Select(s => s.GetType()), _factory.CreateSignInSteps().Select(s => s.GetType()));
    }

    [Fact]
    public void The_account_step_shares_the_singleton_user_cache()
    {
        using var provider = Services().AddIdpCore().BuildServiceProvider();

        Assert.Same(provider.GetRequiredService<ActiveUserCache>(), provider.GetRequiredService<ActiveUserCache>());
    }

    [Fact]
    public void A_shared_store_registered_first_takes_precedence()
    {
        var services = Services();
        var sessions = new InMemorySessionStore(_factory.Options, _factory.Time);
        services.AddSingleton<ISessionStore>(sessions);

        using var provider = services.AddIdpCore().BuildServiceProvider();

        Assert.Same(sessions, provider.GetRequiredService<ISessionStore>());
    }
}

using IdpFederation.Core.Authentication;
using IdpFederation.Core.Directory;
using IdpFederation.Core.Domains;
using IdpFederation.Core.Lockout;
using IdpFederation.Core.Mfa;
using IdpFederation.Core.Networks;
using IdpFederation.Core.Pipeline;
using IdpFederation.Core.Policies;
using IdpFederation.Core.RelyingParties;
using IdpFederation.Core.Sessions;
using IdpFederation.Core.SignIn;
using IdpFederation.Core.State;
using IdpFederation.Core.Telemetry;
using IdpFederation.Core.Tokens;
using IdpFederation.Core.WsFederation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace IdpFederation.Core.DependencyInjection;

public static class CoreServiceCollectionExtensions
{
    /// <summary>IdP behaviour with in-memory state; a shared store registered earlier takes precedence.</summary>
    public static IServiceCollection AddIdpCore(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        // Instruments only (System.Diagnostics.Metrics); whether anything listens is the host's choice (README "Metrics and traces").
        services.AddMetrics();
        services.TryAddSingleton<SignInMetrics>();
        services.TryAddSingleton<PasswordHashingMetrics>();
        services.TryAddSingleton<FederatedDomainCatalog>();
        services.AddSingleton<RelyingPartyCatalog>();
        services.AddSingleton<ActiveUserCache>();
        services.AddSingleton<WsFederationRequestValidator>();
        services.AddSingleton<PasswordAuthenticator>();
        services.AddSingleton<PasswordHashingGate>();
        services.AddSingleton<SmartLockout>();
        services.AddSingleton<ClaimsFactory>();
        services.AddSingleton<Saml11AssertionFactory>();
        services.AddSingleton<WsFederationResponseGenerator>();
        services.AddSingleton<SignInAuditor>();
        services.AddSingleton<MfaSecretProtector>();
        services.AddSingleton<MfaAuthenticator>();
        services.AddSingleton<RememberedDeviceTokens>();
        services.AddSingleton<MfaEnrollmentStampCache>();

        services.TryAddSingleton<ISessionStore, InMemorySessionStore>();
        services.TryAddSingleton<IPendingSignInStore, InMemoryPendingSignInStore>();
        services.TryAddSingleton<IReplayCache, InMemoryReplayCache>();
        services.TryAddSingleton<ICounterStore, InMemoryCounterStore>();

        // Order matters: the pipeline stops at the first step that does not continue.
        services.AddSingleton<ISignInStep, SessionAuthenticationStep>();
        services.AddSingleton<ISignInStep, AccountActiveStep>();
        services.AddSingleton<ISignInStep, PolicyStep>();
        services.AddSingleton<ISignInStep, MfaStep>();
        services.TryAddSingleton<IPolicyProvider>(new StaticPolicyProvider(CompiledPolicy.Empty));
        services.TryAddSingleton<ICountryLookup, NoCountryLookup>();
        services.AddSingleton<SignInPipeline>();
        return services;
    }
}

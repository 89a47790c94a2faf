using IdpFederation.Infrastructure.Provisioning;
using IdpFederation.Core.Configuration;
using IdpFederation.Core.DependencyInjection;
using IdpFederation.Core.Directory;
using IdpFederation.Core.Tokens;
using IdpFederation.Infrastructure.Auditing;
using IdpFederation.Infrastructure.Certificates.Rollover;
using IdpFederation.Infrastructure.Configuration;
using IdpFederation.Infrastructure.Persistence;
using IdpFederation.Infrastructure.Policies;
using IdpFederation.Core.Passwords;
using IdpFederation.Core.Policies;
using IdpFederation.Infrastructure.State;
using IdpFederation.Infrastructure.State.DataProtection;
using IdpFederation.Infrastructure.State.Redis;
using IdpFederation.Server.DevelopmentTools;
using IdpFederation.Server.Health;
using IdpFederation.Server.Http;
using IdpFederation.Server.Mfa;
using IdpFederation.Server.Metadata;
using IdpFederation.Server.Sessions;
using IdpFederation.Server.Telemetry;
using IdpFederation.Server.WsFederation;
using Microsoft.Extensions.Options;

namespace IdpFederation.Server.Hosting;

public static class IdpServerBuilderExtensions
{
    public static WebApplicationBuilder AddIdpServer(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var configDirectory = IdpPaths.LocateConfigDirectory(builder.Configuration[IdpPaths.ConfigDirectoryVariable]);
        var fileErrors = new ConfigurationFileErrors();
        builder.Configuration.AddIdpConfigurationFiles(configDirectory, builder.Environment.EnvironmentName, fileErrors);
        if (fileErrors.All.Count > 0)
        {
            throw new InvalidDataException(string.Join(Environment.NewLine, fileErrors.All));
        }

        // Entra's wctx makes sign-in URLs long; the endpoint applies its own precise per-parameter caps after this.
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxRequestLineSize = 24 * 1024;
            kestrel.Limits.MaxRequestBodySize = RequestBodyLimit.MaxBytes;
        });
        // Request-start lines (Information) print the whole URL, and an onboarding link carries its one-time token in the
        // query: keep that category at Warning whatever the configured default, so the token never reaches a log.
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning);
        builder.AddListenAddressInUseReporting();
        builder.AddHealthManagementListener();
        builder.AddIdpTelemetry();
        var services = builder.Services;
        var paths = services.AddIdpOptions(builder.Configuration, configDirectory);
        services.AddSingleton(fileErrors);
        services.AddIdpDirectory();
        var sharedState = services.AddIdpSharedState(builder.Configuration);

        services.AddIdpPolicies();
        services.AddIdpCore();
        services.AddBufferedAuditLog();
        // Live mode and scheduled syncs into Microsoft 365; both idle while Idp:Provisioning has no tenant for them.
        services.AddIdpProvisioningWorkers();

        var isDevelopment = builder.Environment.IsDevelopment();
        // Idp:Signing, then the managed certificates in the database on top, refreshed on every instance; and the
        // rollover worker (README "Certificate rollover").
        services.AddIdpSigningKeys(paths, isDevelopment);

        // Instances behind one load balancer must share this key ring, or cookies and antiforgery tokens made on one fail
        // on another: Redis when configured (after AddIdpSharedState, which registers the connection), else {data}/keys.
        services.AddIdpDataProtection(builder.Configuration, paths);

        services.AddRazorPages();
        services.AddDevelopmentTools(builder.Environment);
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "idpfed.af";
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        });
        services.AddSingleton<SessionCookie>();
        services.AddSingleton<ClientAddressResolver>();
        services.AddSignInRateLimiting();
        services.AddSingleton<RememberDeviceCookie>();
        services.AddSingleton<BrowserSignInContextFactory>();
        services.AddSingleton<MfaSignInFlow>();
        services.AddTrustedForwardedHeaders(builder.Configuration);
        services.AddSingleton<WsFederationSignInHandler>();
        services.AddSingleton<FederationMetadataDocument>();
        // Who sees health details (Idp:Health), read at start-up like the listeners themselves; a bad key file stops start-up.
        services.AddSingleton(sp => HealthDetailsAccess.Load(sp.GetRequiredService<IOptions<IdpOptions>>().Value.Health, sp.GetRequiredService<IdpPaths>()));
        // Which Degraded states drain the node (README, "Start-up errors, reloads and health"): only mfa-keys; Unhealthy always does.
        var health = services.AddHealthChecks().AddCheck<DirectoryHealthCheck>("directory", tags: [HealthTags.Ready])
            .AddCheck<ConfigurationHealthCheck>("config", tags: [HealthTags.Ready])
            .AddCheck<PolicyHealthCheck>("policy", tags: [HealthTags.Ready])
            .AddCheck<MfaKeyRingHealthCheck>("mfa-keys", tags: [HealthTags.Ready, HealthTags.DrainWhenDegraded])
            // Degraded near expiry is a warning for operators, never a reason to drain: every node has the same certificate.
            .AddCheck<SigningCertificateHealthCheck>("signing-certificate", tags: [HealthTags.Ready]);
        if (sharedState)
        {
            health.AddCheck<StateStoreHealthCheck>("state", tags: [HealthTags.Ready]);
        }

        return builder;
    }

    /// <summary>Fails start-up early and precisely: invalid options, an unusable certificate, a database that cannot migrate.</summary>
    public static async Task PrepareIdpAsync(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        // Config files are read before the container that makes loggers exists; from now on a refused edit is logged.
        app.Services.GetRequiredService<ConfigurationFileErrors>().UseLogger(app.Services.GetRequiredService<ILogger<ConfigurationFileErrors>>());
        _ = app.Services.GetRequiredService<IOptions<IdpOptions>>().Value;
        _ = app.Services.GetRequiredService<ISigningKeyStore>();
        // Compile the policy (and load the country database) now: an invalid file must stop start-up, not a sign-in.
        _ = app.Services.GetRequiredService<IPolicyProvider>();
        // Read Idp:PasswordPolicy:BannedPasswordsFile now: a missing file must stop start-up, not a password change.
        _ = app.Services.GetRequiredService<PasswordPolicy>();
        // Read Idp:Health:DetailsKeyFile now: a missing or short key must stop start-up, not the first monitoring call.
        _ = app.Services.GetRequiredService<HealthDetailsAccess>();
        // Connect to Redis (when configured) now rather than on the first sign-in; an outage only delays readiness.
        _ = app.Services.GetService<RedisConnection>();
        await app.Services.GetRequiredService<DirectoryDatabaseInitializer>().MigrateAsync(CancellationToken.None).ConfigureAwait(false);
        // The managed signing certificates (if any) before the first request, so a restarted instance never signs with
        // a certificate the others have already retired.
        await app.Services.GetRequiredService<RotatingSigningKeyStore>().RefreshAsync(CancellationToken.None).ConfigureAwait(false);
        _ = app.Services.GetRequiredService<SigningCertificateMetrics>();
        // Compile the sign-in lookup once before listening: on a busy machine its first run can outlast the readiness
        // probe's 2 s budget, and the first user would pay for it otherwise.
        await app.Services.GetRequiredService<IUserDirectory>().FindByUpnAsync(DirectoryHealthCheck.ProbeUpn, CancellationToken.None).ConfigureAwait(false);
        app.Lifetime.ApplicationStarted.Register(() => StartupBanner.Print(app));
    }

    public static WebApplication UseIdpServer(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseMetricsScrapingEndpoint();
        app.UseHealthManagementListener();
        app.UseTrustedForwardedHeaders(app.Configuration);
        app.UsePublicScheme();
        app.UseExceptionHandler("/Error");
        app.UseStatusCodePagesWithReExecute("/Error", "?status={0}");
        app.UseRequestBodyLimit();
        app.UseMiddleware<SecurityHeadersMiddleware>();
        app.UseMiddleware<ClientRequestIdMiddleware>();
        app.UseStaticFiles();
        app.UseRouting();
        // After routing, so the limiter sees which endpoint a request is for (SignInRateLimitAttribute).
        app.UseRateLimiter();
        app.MapWsFederation();
        app.MapFederationMetadata();
        app.MapIdpHealthChecks();
        app.MapRazorPages();
        return app;
    }
}

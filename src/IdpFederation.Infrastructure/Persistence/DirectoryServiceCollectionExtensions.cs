using IdpFederation.Core.Auditing;
using IdpFederation.Core.Configuration;
using IdpFederation.Core.Directory;
using IdpFederation.Core.Mfa;
using IdpFederation.Core.Onboarding;
using IdpFederation.Core.Passwords;
using IdpFederation.Core.Tokens.Rollover;
using IdpFederation.Infrastructure.Certificates.Rollover;
using IdpFederation.Infrastructure.Configuration;
using IdpFederation.Infrastructure.Passwords;
using IdpFederation.Infrastructure.Persistence.Onboarding;
using IdpFederation.Infrastructure.Persistence.Provisioning;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace IdpFederation.Infrastructure.Persistence;

public static class DirectoryServiceCollectionExtensions
{
    /// <summary>
    /// Registers the EF Core directory (<see cref="IUserDirectory"/>), MFA enrolments (<see cref="IMfaEnrollmentStore"/>),
    /// the audit log (<see cref="IAuditLog"/>), the PBKDF2 <see cref="IPasswordHasher"/>, the <see cref="PasswordPolicy"/>
    /// every new password must pass (with its banned-password list), <see cref="DirectoryDatabaseInitializer"/>, the
    /// onboarding links (<see cref="IOnboardingLinks"/>), and the
    /// provisioning stores on the same database (<see cref="ProvisioningStoreServiceCollectionExtensions.AddProvisioningStores"/>).
    /// Needs AddIdpOptions first.
    /// Call <see cref="DirectoryDatabaseInitializer.MigrateAsync"/> once at start-up before using the directory.
    /// </summary>
    public static IServiceCollection AddIdpDirectory(this IServiceCollection services)
    {
        services.AddLogging();
        services.AddSingleton(sp => DatabaseConnection.Resolve(
            sp.GetRequiredService<IOptions<IdpOptions>>().Value.Database, sp.GetRequiredService<IdpPaths>()));

        // Both pools are registered but only the configured provider's is ever resolved (see IdpDbContextFactory).
        services.AddPooledDbContextFactory<SqliteIdpDbContext>((sp, options) =>
            options.UseSqlite(sp.GetRequiredService<DatabaseConnection>().ConnectionString));
        services.AddPooledDbContextFactory<PostgresIdpDbContext>((sp, options) =>
            options.UseNpgsql(sp.GetRequiredService<DatabaseConnection>().ConnectionString));

        services.AddSingleton<IdpDbContextFactory>();
        services.AddSingleton<DirectoryDatabaseInitializer>();
        services.AddSingleton<IPasswordHasher, Pbkdf2PasswordHasher>();
        services.AddSingleton(sp => BannedPasswordFile.Load(
            sp.GetRequiredService<IOptions<IdpOptions>>().Value.PasswordPolicy, sp.GetRequiredService<IdpPaths>()));
        services.AddSingleton<PasswordPolicy>();
        services.AddSingleton<IUserDirectory, EfUserDirectory>();
        services.AddSingleton<IAuditLog, EfAuditLog>();
        services.AddSingleton<IMfaEnrollmentStore, EfMfaEnrollmentStore>();
        services.AddSingleton<IOnboardingLinks, EfOnboardingLinks>();
        // Managed signing certificates; their keys need Data Protection, resolved only when one is stored or loaded.
        services.AddSingleton<SigningKeyProtector>();
        services.AddSingleton<ISigningCertificateStore, EfSigningCertificateStore>();
        services.AddProvisioningStores();
        return services;
    }
}

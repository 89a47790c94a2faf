using IdpFederation.Infrastructure.Persistence.Entities;
using Microsoft.EntityFrameworkCore;

namespace IdpFederation.Infrastructure.Persistence;

/// <summary>
/// The directory and audit schema. Each provider has its own subclass so that each keeps its own migration set:
/// SQLite and PostgreSQL differ in column types, and one shared set would fit neither.
/// </summary>
public abstract class IdpDbContext : DbContext
{
    protected IdpDbContext(DbContextOptions options) : base(options)
    {
    }

    public DbSet<UserEntity> Users => Set<UserEntity>();
    public DbSet<RoleEntity> Roles => Set<RoleEntity>();
    public DbSet<UserRoleEntity> UserRoles => Set<UserRoleEntity>();
    public DbSet<AuditEventEntity> AuditEvents => Set<AuditEventEntity>();
    public DbSet<MfaEnrollmentEntity> MfaEnrollments => Set<MfaEnrollmentEntity>();
    public DbSet<MfaRecoveryCodeEntity> MfaRecoveryCodes => Set<MfaRecoveryCodeEntity>();
    public DbSet<OutboxEntryEntity> ProvisioningOutbox => Set<OutboxEntryEntity>();
    public DbSet<ProvisioningLeaseEntity> ProvisioningLeases => Set<ProvisioningLeaseEntity>();
    public DbSet<ProvisionedUserEntity> ProvisionedUsers => Set<ProvisionedUserEntity>();
    public DbSet<ProvisioningValueEntity> ProvisioningValues => Set<ProvisioningValueEntity>();
    public DbSet<ProvisioningRunEntity> ProvisioningRuns => Set<ProvisioningRunEntity>();
    public DbSet<ProvisioningRunItemEntity> ProvisioningRunItems => Set<ProvisioningRunItemEntity>();
    public DbSet<OnboardingTokenEntity> OnboardingTokens => Set<OnboardingTokenEntity>();
    public DbSet<SigningCertificateEntity> SigningCertificates => Set<SigningCertificateEntity>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        modelBuilder.Entity<UserEntity>(user =>
        {
            user.ToTable("users");
            user.HasKey(u => u.Id);
            user.Property(u => u.UserPrincipalName).HasMaxLength(ColumnLimits.UserPrincipalName).IsRequired();
            user.Property(u => u.NormalizedUserPrincipalName).HasMaxLength(ColumnLimits.UserPrincipalName).IsRequired();
            user.HasIndex(u => u.NormalizedUserPrincipalName).IsUnique();
            user.Property(u => u.DisplayName).HasMaxLength(ColumnLimits.DisplayName);
            user.Property(u => u.PasswordHash).HasMaxLength(ColumnLimits.PasswordHash);
            user.Property(u => u.ImmutableId).HasMaxLength(ColumnLimits.ImmutableId).IsRequired();
            user.HasIndex(u => u.ImmutableId).IsUnique();
            user.Property(u => u.UsageLocation).HasMaxLength(ColumnLimits.UsageLocation);
        });

        modelBuilder.Entity<RoleEntity>(role =>
        {
            role.ToTable("roles");
            role.HasKey(r => r.Id);
            role.Property(r => r.Name).HasMaxLength(ColumnLimits.RoleName).IsRequired();
            role.Property(r => r.NormalizedName).HasMaxLength(ColumnLimits.RoleName).IsRequired();
            role.HasIndex(r => r.NormalizedName).IsUnique();
        });

        modelBuilder.Entity<UserRoleEntity>(membership =>
        {
            membership.ToTable("user_roles");
            membership.HasKey(m => new { m.UserId, m.RoleId });
            membership.HasOne(m => m.User).WithMany(u => u.Roles).HasForeignKey(m => m.UserId).OnDelete(DeleteBehavior.Cascade);
            membership.HasOne(m => m.Role).WithMany(r => r.Members).HasForeignKey(m => m.RoleId).OnDelete(DeleteBehavior.Cascade);
            membership.HasIndex(m => m.RoleId);
        });

        modelBuilder.Entity<AuditEventEntity>(audit =>
        {
            audit.ToTable("audit_events");
            audit.HasKey(a => a.Id);
            audit.Property(a => a.EventType).HasMaxLength(ColumnLimits.AuditEventType).IsRequired();
            audit.Property(a => a.Username).HasMaxLength(ColumnLimits.AuditUsername);
            audit.Property(a => a.NormalizedUsername).HasMaxLength(ColumnLimits.AuditUsername);
            audit.Property(a => a.RelyingParty).HasMaxLength(ColumnLimits.AuditRelyingParty);
            audit.Property(a => a.ClientIp).HasMaxLength(ColumnLimits.AuditClientIp);
            audit.Property(a => a.Outcome).HasMaxLength(ColumnLimits.AuditOutcome).IsRequired();
            audit.Property(a => a.Reason).HasMaxLength(ColumnLimits.AuditReason);
            audit.Property(a => a.CorrelationId).HasMaxLength(ColumnLimits.AuditCorrelationId);
            audit.Property(a => a.Details).HasMaxLength(ColumnLimits.AuditDetails);
            audit.HasIndex(a => a.TimestampUtc);
            audit.HasIndex(a => new { a.NormalizedUsername, a.TimestampUtc });
        });

        modelBuilder.Entity<MfaEnrollmentEntity>(enrollment =>
        {
            enrollment.ToTable("mfa_enrollments");
            enrollment.HasKey(e => e.UserId);
            enrollment.HasOne(e => e.User).WithOne().HasForeignKey<MfaEnrollmentEntity>(e => e.UserId).OnDelete(DeleteBehavior.Cascade);
            enrollment.Property(e => e.ProtectedSeed).HasMaxLength(ColumnLimits.MfaProtectedSeed).IsRequired();
        });

        modelBuilder.Entity<MfaRecoveryCodeEntity>(code =>
        {
            code.ToTable("mfa_recovery_codes");
            code.HasKey(c => c.Id);
            code.Property(c => c.Id).ValueGeneratedOnAdd();
            code.HasOne(c => c.Enrollment).WithMany(e => e.RecoveryCodes).HasForeignKey(c => c.UserId).OnDelete(DeleteBehavior.Cascade);
            code.Property(c => c.CodeHash).HasMaxLength(ColumnLimits.MfaRecoveryCodeHash).IsRequired();
            code.HasIndex(c => c.UserId);
        });

        ProvisioningModel.Configure(modelBuilder);
        SigningCertificateModel.Configure(modelBuilder);
        SnakeCaseNames.Apply(modelBuilder);
    }
}

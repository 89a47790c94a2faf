using IdpFederation.Infrastructure.Persistence.Entities;
using Microsoft.EntityFrameworkCore;

namespace IdpFederation.Infrastructure.Persistence;

/// <summary>The provisioning tables (outbox, leases, ledger, runs) and onboarding links, kept apart from the directory model.</summary>
internal static class ProvisioningModel
{
    public static void Configure(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<OutboxEntryEntity>(entry =>
        {
            entry.ToTable("provisioning_outbox");
            entry.HasKey(e => e.Id);
            entry.Property(e => e.Id).ValueGeneratedOnAdd();
            entry.Property(e => e.Change).HasConversion<string>().HasMaxLength(ColumnLimits.OutboxChange);
            entry.Property(e => e.UserPrincipalName).HasMaxLength(ColumnLimits.UserPrincipalName).IsRequired();
            entry.Property(e => e.ImmutableId).HasMaxLength(ColumnLimits.ImmutableId).IsRequired();
            entry.Property(e => e.LastError).HasMaxLength(ColumnLimits.OutboxError);
            entry.HasIndex(e => e.NotBeforeUtc);
        });

        modelBuilder.Entity<ProvisioningLeaseEntity>(lease =>
        {
            lease.ToTable("provisioning_leases");
            lease.HasKey(l => l.Name);
            lease.Property(l => l.Name).HasMaxLength(ColumnLimits.LeaseName);
            lease.Property(l => l.Holder).HasMaxLength(ColumnLimits.LeaseHolder).IsRequired();
        });

        modelBuilder.Entity<ProvisionedUserEntity>(user =>
        {
            user.ToTable("provisioned_users");
            user.HasKey(u => new { u.Tenant, u.ImmutableId });
            user.Property(u => u.Tenant).HasMaxLength(ColumnLimits.ProvisioningTenant);
            user.Property(u => u.ImmutableId).HasMaxLength(ColumnLimits.ImmutableId);
            user.Property(u => u.CloudId).HasMaxLength(ColumnLimits.CloudId).IsRequired();
            user.Property(u => u.UserPrincipalName).HasMaxLength(ColumnLimits.UserPrincipalName).IsRequired();
            user.Property(u => u.AssignedSkuIds).IsRequired();
        });

        modelBuilder.Entity<ProvisioningValueEntity>(value =>
        {
            value.ToTable("provisioning_values");
            value.HasKey(v => new { v.Tenant, v.Key });
            value.Property(v => v.Tenant).HasMaxLength(ColumnLimits.ProvisioningTenant);
            value.Property(v => v.Key).HasMaxLength(ColumnLimits.ProvisioningValueKey);

            // Unbounded: a delta link carries Graph's opaque token, whose length is not documented.
            value.Property(v => v.Value).IsRequired();
        });

        ConfigureRuns(modelBuilder);

        modelBuilder.Entity<OnboardingTokenEntity>(token =>
        {
            token.ToTable("onboarding_tokens");
            token.HasKey(t => t.TokenHash);
            token.Property(t => t.TokenHash).HasMaxLength(ColumnLimits.OnboardingTokenHash);
            token.HasOne(t => t.User).WithMany().HasForeignKey(t => t.UserId).OnDelete(DeleteBehavior.Cascade);
            token.HasIndex(t => t.UserId);
        });
    }

    private static void ConfigureRuns(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<ProvisioningRunEntity>(run =>
        {
            run.ToTable("provisioning_runs");
            run.HasKey(r => r.Id);
            run.Property(r => r.Id).ValueGeneratedOnAdd();
            run.Property(r => r.Tenant).HasMaxLength(ColumnLimits.ProvisioningTenant).IsRequired();
            run.Property(r => r.Trigger).HasConversion<string>().HasMaxLength(ColumnLimits.RunTrigger);
            run.Property(r => r.Status).HasConversion<string>().HasMaxLength(ColumnLimits.RunStatus);
            run.Property(r => r.Message).HasMaxLength(ColumnLimits.RunMessage);
        });

        modelBuilder.Entity<ProvisioningRunItemEntity>(item =>
        {
            item.ToTable("provisioning_run_items");
            item.HasKey(i => i.Id);
            item.Property(i => i.Id).ValueGeneratedOnAdd();
            item.HasOne(i => i.Run).WithMany(r => r.Items).HasForeignKey(i => i.RunId).OnDelete(DeleteBehavior.Cascade);
            item.Property(i => i.UserPrincipalName).HasMaxLength(ColumnLimits.UserPrincipalName).IsRequired();
            item.Property(i => i.ImmutableId).HasMaxLength(ColumnLimits.ImmutableId).IsRequired();
            item.Property(i => i.Action).HasMaxLength(ColumnLimits.RunItemAction).IsRequired();
            item.Property(i => i.Outcome).HasMaxLength(ColumnLimits.RunItemOutcome).IsRequired();
            item.Property(i => i.Detail).HasMaxLength(ColumnLimits.RunItemDetail);
            item.Property(i => i.ErrorCode).HasMaxLength(ColumnLimits.RunItemErrorCode);
            item.Property(i => i.ErrorMessage).HasMaxLength(ColumnLimits.RunItemErrorMessage);
            item.HasIndex(i => i.RunId);
        });
    }
}

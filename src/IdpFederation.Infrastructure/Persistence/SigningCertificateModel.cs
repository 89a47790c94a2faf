using IdpFederation.Core.Tokens.Rollover;
using IdpFederation.Infrastructure.Persistence.Entities;
using Microsoft.EntityFrameworkCore;

namespace IdpFederation.Infrastructure.Persistence;

/// <summary>The managed signing certificates table.</summary>
internal static class SigningCertificateModel
{
    public static void Configure(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<SigningCertificateEntity>(certificate =>
        {
            certificate.ToTable("signing_certificates");
            certificate.HasKey(c => c.Thumbprint);
            certificate.Property(c => c.Thumbprint).HasMaxLength(ColumnLimits.CertificateThumbprint);
            certificate.Property(c => c.ProtectedPfx).HasMaxLength(ColumnLimits.CertificateProtectedPfx).IsRequired();
            certificate.Property(c => c.Subject).HasMaxLength(ColumnLimits.CertificateSubject).IsRequired();
            certificate.Property(c => c.State).HasConversion<string>().HasMaxLength(ColumnLimits.CertificateState);
            certificate.Property(c => c.CreatedBy).HasMaxLength(ColumnLimits.CertificateCreatedBy).IsRequired();
            // At most one Current and one Next, enforced by the database itself, so two instances (or the CLI and the
            // worker) racing to add a Next or to promote cannot both win. SQLite and PostgreSQL both have partial indexes.
            certificate.HasIndex(c => c.State).IsUnique().HasFilter($"state <> '{nameof(SigningCertificateState.Retired)}'");
        });
    }
}

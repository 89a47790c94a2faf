using System.Security.Cryptography.X509Certificates;
using IdpFederation.Core.Tokens.Rollover;
using IdpFederation.Infrastructure.Certificates.Rollover;
using IdpFederation.Infrastructure.Persistence.Entities;
using Microsoft.EntityFrameworkCore;

namespace IdpFederation.Infrastructure.Persistence;

/// <summary>Managed signing certificates in the directory database, shared by every instance.</summary>
public sealed class EfSigningCertificateStore : ISigningCertificateStore
{
    private readonly IdpDbContextFactory _contexts;
    private readonly SigningKeyProtector _protector;
    private readonly TimeProvider _time;

    public EfSigningCertificateStore(IdpDbContextFactory contexts, SigningKeyProtector protector, TimeProvider time)
    {
        _contexts = contexts;
        _protector = protector;
        _time = time;
    }

    public async Task<IReadOnlyList<ManagedSigningCertificate>> ListAsync(CancellationToken cancellationToken)
    {
        await using var context = _contexts.CreateDbContext();
        var rows = await context.SigningCertificates.AsNoTracking()
            .Select(c => new { c.Thumbprint, c.Subject, c.NotBeforeUtc, c.NotAfterUtc, c.State, c.CreatedAtUtc, c.CreatedBy, c.PromotedAtUtc, c.RetiredAtUtc })
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return rows.OrderByDescending(r => r.CreatedAtUtc).Select(r => new ManagedSigningCertificate
        {
            Thumbprint = r.Thumbprint,
            Subject = r.Subject,
            NotBefore = Utc(r.NotBeforeUtc),
            NotAfter = Utc(r.NotAfterUtc),
            State = r.State,
            CreatedAt = Utc(r.CreatedAtUtc),
            CreatedBy = r.CreatedBy,
            PromotedAt = r.PromotedAtUtc is { } promoted ? Utc(promoted) : null,
            RetiredAt = r.RetiredAtUtc is { } retired ? Utc(retired) : null,
        }).ToList();
    }

    public async Task<X509Certificate2?> LoadAsync(string thumbprint, CancellationToken cancellationToken)
    {
        await using var context = _contexts.CreateDbContext();
        var protectedPfx = await context.SigningCertificates.AsNoTracking().Where(c => c.Thumbprint == thumbprint)
            .Select(c => c.ProtectedPfx).SingleOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        return protectedPfx is null ? null : _protector.Unprotect(thumbprint, protectedPfx);
    }

    public async Task AddNextAsync(X509Certificate2 certificate, string createdBy, bool replace, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        var now = _time.GetUtcNow().UtcDateTime;
        await using var context = _contexts.CreateDbContext();
        await using var transaction = await context.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        if (await context.SigningCertificates.AnyAsync(c => c.Thumbprint == certificate.Thumbprint, cancellationToken).ConfigureAwait(false))
        {
            throw new SigningCertificateConflictException($"The certificate {certificate.Thumbprint} is already stored.");
        }

        var next = context.SigningCertificates.Where(c => c.State == SigningCertificateState.Next);
        if (replace)
        {
            await next.ExecuteUpdateAsync(s => s.SetProperty(c => c.State, SigningCertificateState.Retired).SetProperty(c => c.RetiredAtUtc, now),
                cancellationToken).ConfigureAwait(false);
        }
        else if (await next.Select(c => c.Thumbprint).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false) is { } existing)
        {
            throw new SigningCertificateConflictException($"A next certificate ({existing}) already exists; pass --replace to replace it.");
        }

        context.SigningCertificates.Add(new SigningCertificateEntity
        {
            Thumbprint = certificate.Thumbprint,
            ProtectedPfx = _protector.Protect(certificate),
            Subject = certificate.Subject,
            NotBeforeUtc = certificate.NotBefore.ToUniversalTime(),
            NotAfterUtc = certificate.NotAfter.ToUniversalTime(),
            State = SigningCertificateState.Next,
            CreatedAtUtc = now,
            CreatedBy = createdBy.Length > ColumnLimits.CertificateCreatedBy ? createdBy[..ColumnLimits.CertificateCreatedBy] : createdBy,
        });
        try
        {
            await context.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (DbUpdateException)
        {
            // The unique index on state: another writer added a Next between our check and our insert.
            throw new SigningCertificateConflictException("Another next certificate was added at the same time; run idpfed cert status.");
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<bool> PromoteAsync(string thumbprint, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var at = now.UtcDateTime;
        await using var context = _contexts.CreateDbContext();
        await using var transaction = await context.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        if (!await context.SigningCertificates.AnyAsync(c => c.Thumbprint == thumbprint && c.State == SigningCertificateState.Next, cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        // Retire first: the unique index allows one Current at any moment, also inside the transaction.
        await context.SigningCertificates.Where(c => c.State == SigningCertificateState.Current)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.State, SigningCertificateState.Retired).SetProperty(c => c.RetiredAtUtc, at), cancellationToken)
            .ConfigureAwait(false);
        var promoted = await context.SigningCertificates.Where(c => c.Thumbprint == thumbprint && c.State == SigningCertificateState.Next)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.State, SigningCertificateState.Current).SetProperty(c => c.PromotedAtUtc, at), cancellationToken)
            .ConfigureAwait(false);
        if (promoted != 1)
        {
            return false;
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }

    private static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));
}

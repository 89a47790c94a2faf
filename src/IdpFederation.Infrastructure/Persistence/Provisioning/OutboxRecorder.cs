using IdpFederation.Core.Configuration;
using IdpFederation.Core.Provisioning;
using IdpFederation.Infrastructure.Persistence.Entities;
using Microsoft.Extensions.Options;

namespace IdpFederation.Infrastructure.Persistence.Provisioning;

/// <summary>
/// Adds the outbox row for a directory change to the context that makes the change, so one SaveChanges commits both or
/// neither (architecture principle 13). Rows are written only while some tenant has live mode on, read at each write:
/// without a drainer the table would only grow, and the scheduled full sync repairs whatever was not recorded.
/// </summary>
public sealed class OutboxRecorder
{
    private readonly IOptionsMonitor<IdpOptions> _options;
    private readonly TimeProvider _time;

    public OutboxRecorder(IOptionsMonitor<IdpOptions> options, TimeProvider time)
    {
        _options = options;
        _time = time;
    }

    public bool Enabled => _options.CurrentValue.Provisioning.Tenants.Exists(t => t.LiveMode);

    /// <summary>Stages the row in <paramref name="context"/>; the caller's SaveChanges writes it with the change.</summary>
    public void Record(IdpDbContext context, OutboxChange change, UserEntity user)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(user);
        if (!Enabled)
        {
            return;
        }

        var now = _time.GetUtcNow().UtcDateTime;
        context.ProvisioningOutbox.Add(new OutboxEntryEntity
        {
            Change = change,
            UserId = user.Id,
            UserPrincipalName = user.UserPrincipalName,
            ImmutableId = user.ImmutableId,
            CreatedAtUtc = now,
            NotBeforeUtc = now,
        });
    }
}

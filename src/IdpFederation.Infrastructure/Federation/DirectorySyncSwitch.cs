using System.Globalization;
using IdpFederation.Core.Provisioning;

namespace IdpFederation.Infrastructure.Federation;

/// <summary>
/// `federation dirsync-off`: asks Entra to stop directory synchronisation (§6.6), and remembers when, so that
/// `federation check` can say how long the switch-off has been running: Entra takes up to 72 hours and shows no progress.
/// </summary>
public static class DirectorySyncSwitch
{
    private const string RequestedKey = "dirsync-off-requested";

    /// <summary>Returns true when it was on and the switch-off was asked for now, false when it was already off.</summary>
    public static async Task<bool> TurnOffAsync(GraphFederationClient graph, IProvisionedUserLedger ledger, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(ledger);
        ArgumentNullException.ThrowIfNull(time);
        var organization = await graph.GetOrganizationAsync(cancellationToken).ConfigureAwait(false);
        if (organization.OnPremisesSyncEnabled != true)
        {
            return false;
        }

        await graph.DisableDirectorySyncAsync(organization.Id, cancellationToken).ConfigureAwait(false);
        if (await RequestedAtAsync(ledger, graph.Graph.Tenant.Name, cancellationToken).ConfigureAwait(false) is null)
        {
            await ledger.SetValueAsync(graph.Graph.Tenant.Name, RequestedKey, time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture), cancellationToken).ConfigureAwait(false);
        }

        return true;
    }

    public static async Task<DateTimeOffset?> RequestedAtAsync(IProvisionedUserLedger ledger, string tenant, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        var value = await ledger.GetValueAsync(tenant, RequestedKey, cancellationToken).ConfigureAwait(false);
        return DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var at) ? at : null;
    }
}

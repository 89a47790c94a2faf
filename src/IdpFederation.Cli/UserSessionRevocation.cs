using IdpFederation.Core.Sessions;
using IdpFederation.Core.State;

namespace IdpFederation.Cli;

/// <summary>
/// Disabling or deleting a user also ends their sessions when they live in Redis, so an SSO cookie issued before the
/// change gets no further token on any instance. Runs after the directory change, so no sign-in slips in between.
/// </summary>
internal static class UserSessionRevocation
{
    /// <summary>The sentence to add to the command's output: how many sessions ended, or nothing without Redis.</summary>
    public static async Task<string> EndSessionsAsync(CliSession session, string upn, string directoryChange, CancellationToken cancellationToken)
    {
        if (!session.HasSharedState)
        {
            return "";
        }

        try
        {
            var ended = await session.Get<ISessionStore>().RemoveAllForUserAsync(upn, cancellationToken).ConfigureAwait(false);
            return $" Ended {SessionCommands.Sessions(ended)} on every instance.";
        }
        catch (StateStoreUnavailableException exception)
        {
            // The directory change stands; say so, and how to finish the job, rather than leave it looking undone.
            throw new CliRefusedException(
                $"{directoryChange}, but their sessions were not ended: {IdpFedCli.SharedStateUnavailable(exception)} " +
                $"Run 'idpfed session revoke --user {upn}' once Redis answers.");
        }
    }
}

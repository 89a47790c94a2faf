using System.Security.Cryptography;
using IdpFederation.Core.Provisioning;
using Microsoft.Graph.Models;
using Microsoft.Graph.Users.Item.AssignLicense;
using Microsoft.Kiota.Abstractions;

namespace IdpFederation.Infrastructure.Provisioning.Graph;

/// <summary>
/// Turns plan operations into Graph requests (entra-federation.md §6.1-6.2). A take-over of a federated UPN is two
/// requests: the ImmutableID of a user on a federated domain cannot change in place, so the UPN moves to the initial
/// domain first, then the ID is set and the UPN moved back in one PATCH.
/// </summary>
internal static class GraphWriteRequests
{
    /// <summary>The requests of one operation, in order; <paramref name="cloudId"/> is the target (known once created).</summary>
    public static IReadOnlyList<RequestInformation> For(GraphTenantClient graph, PlanOperation operation, string? cloudId)
    {
        var users = graph.Client.Users;
        var requests = operation switch
        {
            CreateUser create => [users.ToPostRequestInformation(NewUser(create))],
            UpdateUser update => [users[cloudId].ToPatchRequestInformation(Patch(update.Changes.Select(c => (c.Name, c.To))))],
            TakeOverUser { TemporaryUserPrincipalName: { } temporary } takeOver =>
            [
                users[cloudId].ToPatchRequestInformation(new User { UserPrincipalName = temporary }),
                users[cloudId].ToPatchRequestInformation(new User { OnPremisesImmutableId = takeOver.ImmutableId, UserPrincipalName = takeOver.UserPrincipalName }),
            ],
            TakeOverUser takeOver => [users[cloudId].ToPatchRequestInformation(new User { OnPremisesImmutableId = takeOver.ImmutableId })],
            ChangeLicenses licenses => [users[cloudId].AssignLicense.ToPostRequestInformation(new AssignLicensePostRequestBody
            {
                AddLicenses = licenses.Add.Select(sku => new AssignedLicense { SkuId = sku, DisabledPlans = [] }).ToList(),
                RemoveLicenses = licenses.Remove.Select(sku => (Guid?)sku).ToList(),
            })],
            DeprovisionUser { Action: DeprovisioningAction.BlockSignIn } => [users[cloudId].ToPatchRequestInformation(new User { AccountEnabled = false })],
            DeprovisionUser { Action: DeprovisioningAction.Delete } => [users[cloudId].ToDeleteRequestInformation()],
            _ => Array.Empty<RequestInformation>(),
        };
        foreach (var request in requests)
        {
            request.Headers.TryAdd(ThrottlePriorityHandler.Header, graph.Priority.ToString());
        }

        return requests;
    }

    /// <summary>POST /users: every owned attribute, and a random password nobody knows, since sign-in is federated to us.</summary>
    private static User NewUser(CreateUser create)
    {
        var user = Patch(create.Attributes.Select(a => (a.Key, a.Value)));
        user.UserPrincipalName ??= create.UserPrincipalName;
        user.OnPremisesImmutableId ??= create.ImmutableId;
        user.AccountEnabled ??= true;
        user.PasswordProfile = new PasswordProfile { Password = UnusablePassword(), ForceChangePasswordNextSignIn = false };
        return user;
    }

    private static User Patch(IEnumerable<(string Name, string? Value)> attributes)
    {
        var user = new User();
        foreach (var (name, value) in attributes)
        {
            switch (name)
            {
                case "displayName": user.DisplayName = value; break;
                case "usageLocation": user.UsageLocation = value; break;
                case "onPremisesImmutableId": user.OnPremisesImmutableId = value; break;
                case "userPrincipalName": user.UserPrincipalName = value; break;
                case "mail": user.Mail = value; break;
                case "mailNickname": user.MailNickname = value; break;
                case "accountEnabled": user.AccountEnabled = bool.TryParse(value, out var enabled) && enabled; break;
                default: throw new InvalidOperationException($"'{name}' is not an attribute the provisioner owns.");
            }
        }

        return user;
    }

    /// <summary>48 random characters from every class Entra's complexity rule counts; never stored or shown.</summary>
    internal static string UnusablePassword()
    {
        const string Upper = "ABCDEFGHJKLMNPQRSTUVWXYZ", Lower = "abcdefghijkmnopqrstuvwxyz", Digits = "23456789", Symbols = "!#%&*+-=?@^_~";
        var all = Upper + Lower + Digits + Symbols;
        var chars = RandomNumberGenerator.GetItems<char>(all, 44).ToList();
        chars.AddRange([RandomNumberGenerator.GetItems<char>(Upper, 1)[0], RandomNumberGenerator.GetItems<char>(Lower, 1)[0],
            RandomNumberGenerator.GetItems<char>(Digits, 1)[0], RandomNumberGenerator.GetItems<char>(Symbols, 1)[0]]);
        var shuffled = chars.ToArray();
        RandomNumberGenerator.Shuffle(shuffled.AsSpan());
        return new string(shuffled);
    }
}

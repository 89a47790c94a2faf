using IdpFederation.Core.Provisioning.Mapping;

namespace IdpFederation.Core.Provisioning.Planning;

/// <summary>The owned attributes whose value in Microsoft 365 differs from what the mapping gives.</summary>
internal static class AttributeDiff
{
    /// <summary>
    /// A mapping that yields nothing leaves the attribute alone rather than clearing it: Graph refuses a null
    /// usageLocation once set (user resource), and clearing mail would drop its SMTP proxy address. mailNickname is
    /// written on create only.
    /// </summary>
    public static List<AttributeChange> Changes(AttributeMapping mapping, MappedUser user, CloudUser cloud, params string[] skip)
    {
        var changes = new List<AttributeChange>();
        foreach (var name in mapping.Attributes)
        {
            if (name == OwnedAttributes.MailNickname || skip.Contains(name) || user[name] is not { } to)
            {
                continue;
            }

            var from = CloudValue(cloud, name);

            // Graph stores ISO 3166 codes as given but compares them without case; "au" and "AU" are the same place.
            var comparison = name == OwnedAttributes.UsageLocation ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
            if (!string.Equals(from, to, comparison))
            {
                changes.Add(new AttributeChange(name, from, to));
            }
        }

        return changes;
    }

    public static string? CloudValue(CloudUser cloud, string attribute) => attribute switch
    {
        OwnedAttributes.DisplayName => cloud.DisplayName,
        OwnedAttributes.UsageLocation => cloud.UsageLocation,
        OwnedAttributes.OnPremisesImmutableId => cloud.OnPremisesImmutableId,
        OwnedAttributes.UserPrincipalName => cloud.UserPrincipalName,
        OwnedAttributes.Mail => cloud.Mail,
        OwnedAttributes.AccountEnabled => cloud.AccountEnabled switch { true => "true", false => "false", null => null },
        _ => throw new ArgumentOutOfRangeException(nameof(attribute), attribute, "Not an owned attribute Graph returns."),
    };
}

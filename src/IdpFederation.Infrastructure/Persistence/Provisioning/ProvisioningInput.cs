namespace IdpFederation.Infrastructure.Persistence.Provisioning;

/// <summary>Argument checks shared by the provisioning stores: a value that cannot fit its column is a caller's bug.</summary>
internal static class ProvisioningInput
{
    public static void RequireTenant(string tenant) => RequireText(tenant, nameof(tenant), ColumnLimits.ProvisioningTenant);

    public static void RequireText(string value, string name, int limit)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new ArgumentException($"{name} must not be empty.", name);
        }

        if (value.Length > limit)
        {
            throw new ArgumentException($"{name} must be at most {limit} characters (got {value.Length}).", name);
        }
    }
}

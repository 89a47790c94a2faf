using IdpFederation.Core.Configuration;

namespace IdpFederation.Core.Provisioning.Mapping;

/// <summary>
/// One tenant's attribute mapping, compiled once: for every owned attribute, the administrator's expression from
/// Idp:Provisioning:Tenants:N:Attributes or the default (<see cref="OwnedAttributes.Defaults"/>). With
/// HybridExchange on, mail is mastered by Exchange on-premises, so it is neither mapped nor written.
/// </summary>
public sealed class AttributeMapping
{
    private readonly IReadOnlyList<KeyValuePair<string, MappingNode>> _targets;

    private AttributeMapping(IReadOnlyList<KeyValuePair<string, MappingNode>> targets) => _targets = targets;

    /// <summary>The attributes this mapping writes, in plan order (mailNickname included; it is written on create only).</summary>
    public IEnumerable<string> Attributes => _targets.Select(t => t.Key);

    /// <summary>Compiles the tenant's mapping; <paramref name="keyPrefix"/> ("Idp:Provisioning:Tenants:0") starts each error.</summary>
    /// <exception cref="ArgumentException">The mapping has errors (already refused by start-up validation).</exception>
    public static AttributeMapping Compile(ProvisioningTenantOptions tenant, string keyPrefix)
    {
        var (mapping, errors) = TryCompile(tenant, keyPrefix);
        return mapping ?? throw new ArgumentException(string.Join(" ", errors), nameof(tenant));
    }

    /// <summary>Every mistake in the tenant's mapping, one line each: key path, attribute, reason, column.</summary>
    public static IReadOnlyList<string> Validate(ProvisioningTenantOptions tenant, string keyPrefix) => TryCompile(tenant, keyPrefix).Errors;

    private static (AttributeMapping? Mapping, List<string> Errors) TryCompile(ProvisioningTenantOptions tenant, string keyPrefix)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        var errors = new List<string>();
        var mapped = tenant.Attributes ?? [];
        foreach (var target in mapped.Keys.Where(k => !OwnedAttributes.Names.Contains(k, StringComparer.Ordinal)).Order(StringComparer.Ordinal))
        {
            var near = OwnedAttributes.Names.FirstOrDefault(n => n.Equals(target, StringComparison.OrdinalIgnoreCase));
            errors.Add($"{keyPrefix}:Attributes:{target}: " + (near is not null
                ? $"attribute names are case-sensitive: write '{near}'."
                : $"'{target}' is not an attribute we own; map one of {string.Join(", ", OwnedAttributes.Names)}."));
        }

        var targets = new List<KeyValuePair<string, MappingNode>>();
        foreach (var (name, fallback) in OwnedAttributes.Defaults)
        {
            var given = mapped.TryGetValue(name, out var expression);
            if (name == OwnedAttributes.Mail && tenant.HybridExchange)
            {
                if (given)
                {
                    errors.Add($"{keyPrefix}:Attributes:{name}: mail is mastered by Exchange on-premises while HybridExchange is on, so it is never written; remove this mapping.");
                }

                continue;
            }

            try
            {
                var node = MappingParser.Parse(given ? expression ?? "" : fallback);
                var wanted = OwnedAttributes.KindOf(name);
                if (node.Kind != wanted)
                {
                    throw new MappingExpressionException(wanted == MappingValueKind.Boolean
                        ? $"{name} takes a boolean (source.enabled, true or false) but {node.Describe()} is text"
                        : $"{name} takes text but {node.Describe()} is a boolean", node.Column);
                }

                targets.Add(new(name, node));
            }
            catch (MappingExpressionException ex)
            {
                errors.Add($"{keyPrefix}:Attributes:{name}: {ex.Message}.");
            }
        }

        return (errors.Count == 0 ? new AttributeMapping(targets) : null, errors);
    }

    /// <summary>The owned attribute values for one user; text that evaluates to "" is null (not set).</summary>
    public MappedUser Map(SourceUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var values = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var (name, node) in _targets)
        {
            var value = node.Evaluate(user);
            if (name == OwnedAttributes.MailNickname)
            {
                value = MailNickname.Sanitize(value);
            }

            values[name] = value.Length == 0 ? null : value;
        }

        return new MappedUser(user, values);
    }
}

/// <summary>A source user with its owned attribute values as Microsoft 365 should hold them.</summary>
public sealed record MappedUser(SourceUser Source, IReadOnlyDictionary<string, string?> Values)
{
    /// <summary>The onPremisesImmutableId Microsoft 365 matches on ("" when the mapping yields nothing).</summary>
    public string ImmutableId => Values.GetValueOrDefault(OwnedAttributes.OnPremisesImmutableId) ?? "";

    public string UserPrincipalName => Values.GetValueOrDefault(OwnedAttributes.UserPrincipalName) ?? "";

    public string? this[string attribute] => Values.GetValueOrDefault(attribute);
}

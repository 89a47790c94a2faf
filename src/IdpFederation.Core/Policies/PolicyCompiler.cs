using System.Text.Json;
using IdpFederation.Core.Configuration;
using IdpFederation.Core.Networks;

namespace IdpFederation.Core.Policies;

/// <summary>
/// Parses and validates a policy file. Every problem is reported as "file: $.json.path: reason", and a file with
/// any problem yields no policy at all, so a half-understood rule can never be enforced.
/// </summary>
public static class PolicyCompiler
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        PropertyNameCaseInsensitive = false,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        // A misspelt key ("condtions") must be an error, not a rule that silently matches everything.
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow,
        MaxDepth = 16,
    };

    public static PolicyCompileResult Compile(string json, string file, ICountryLookup countries)
    {
        ArgumentNullException.ThrowIfNull(countries);
        PolicyDocument? document;
        try
        {
            document = JsonSerializer.Deserialize<PolicyDocument>(json, Json);
        }
        catch (JsonException ex)
        {
            var where = JsonErrorLocation.Describe(ex, json) is { } location ? $" ({location})" : "";
            return PolicyCompileResult.Failure($"{file}: {ex.Path ?? "$"}: {JsonErrorLocation.Reason(ex)}{where}");
        }

        if (document is null)
        {
            return PolicyCompileResult.Failure($"{file}: $: the file is empty or null.");
        }

        var errors = new List<string>();
        var context = new PolicyCompilationContext(file, errors, countries);
        var networks = context.CompileNetworks(document.Networks);
        var corporate = new List<IpRange>();
        for (var i = 0; i < document.CorporateNetworks.Count; i++)
        {
            corporate.AddRange(context.ResolveNetwork(document.CorporateNetworks[i], networks, $"$.corporateNetworks[{i}]"));
        }

        var rules = new List<CompiledRule>();
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < document.Rules.Count; i++)
        {
            var rule = RuleCompiler.Compile(document.Rules[i], $"$.rules[{i}]", networks, context);
            if (rule is not null && !names.Add(rule.Name))
            {
                context.Error($"$.rules[{i}].name", $"rule name '{rule.Name}' is used twice.");
            }

            if (rule is not null)
            {
                rules.Add(rule);
            }
        }

        var lockout = LockoutCompiler.Compile(document.Lockout, networks, context);
        return errors.Count > 0
            ? new PolicyCompileResult(null, errors)
            : new PolicyCompileResult(new CompiledPolicy(rules, corporate, lockout!, file), []);
    }
}

public sealed record PolicyCompileResult(CompiledPolicy? Policy, IReadOnlyList<string> Errors)
{
    public static PolicyCompileResult Failure(string error) => new(null, [error]);
}

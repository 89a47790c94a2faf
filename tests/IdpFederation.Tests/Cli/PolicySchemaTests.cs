using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Schema;
using System.Text.Json.Serialization.Metadata;
using IdpFederation.Core.Networks;
using IdpFederation.Core.Policies;

namespace IdpFederation.Tests.Cli;

/// <summary>
/// config/policies.schema.json against the model the compiler reads (PolicyDocument) and the compiler itself, so the
/// schema editors use cannot drift from what the server accepts. No JSON Schema validator is among the pinned
/// packages, so these compare structure, defaults and enums rather than validating instances.
/// </summary>
[Trait("Kind", "Unit")]
public sealed class PolicySchemaTests
{
    /// <summary>The same naming the compiler uses (PolicyCompiler: camelCase, case-sensitive).</summary>
    private static readonly JsonSerializerOptions ModelJson = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
    };

    private static readonly string ConfigDirectory = FindConfigDirectory();

    private static JsonObject Schema => JsonNode.Parse(File.ReadAllText(Path.Combine(ConfigDirectory, "policies.schema.json")))!.AsObject();

    [Fact]
    public void Schema_and_model_declare_the_same_properties_at_every_level()
    {
        var exported = ModelJson.GetJsonSchemaAsNode(typeof(PolicyDocument));
        var schema = Schema;

        // "$schema" is for editors: the schema must declare it, and the model may map it (so that the compiler,
        // which rejects unknown keys, accepts it) or not yet.
        var root = Properties(schema, schema, "$");
        Assert.True(root.Remove("$schema"), "$: the schema must allow \"$schema\" so editors can find it.");
        exported["properties"]!.AsObject().Remove("$schema");
        CompareObject(exported, schema, root, schema, "$");
    }

    [Theory]
    [InlineData("rule", typeof(PolicyRuleDocument))]
    [InlineData("conditions", typeof(PolicyConditionsDocument))]
    [InlineData("timeWindow", typeof(TimeWindowDocument))]
    [InlineData("lockout", typeof(LockoutSettings))]
    public void Schema_defaults_are_the_model_defaults(string definition, Type model)
    {
        var schema = Schema;
        var defaults = JsonSerializer.SerializeToNode(Activator.CreateInstance(model), model, ModelJson)!.AsObject();

        foreach (var (name, property) in Properties(schema, schema["$defs"]![definition]!, definition))
        {
            if (property is JsonObject declared && declared["default"] is { } expected)
            {
                Assert.True(JsonNode.DeepEquals(expected, defaults[name]), $"{definition}.{name}: schema default {expected.ToJsonString()} but the model's is {defaults[name]?.ToJsonString()}");
            }
        }
    }

    [Fact]
    public void Every_enum_value_in_the_schema_compiles()
    {
        var defs = Schema["$defs"]!;
        string[] Enum(JsonNode node) => node["enum"]!.AsArray().Select(v => (string)v!).ToArray();
        var rules = new JsonArray();
        var modes = Enum(defs["rule"]!["properties"]!["mode"]!);
        var actions = Enum(defs["rule"]!["properties"]!["action"]!);
        var unknown = Enum(defs["conditions"]!["properties"]!["unknownCountry"]!);
        foreach (var (action, i) in actions.Select((a, i) => (a, i)))
        {
            rules.Add(new JsonObject
            {
                ["name"] = "rule-" + i,
                ["mode"] = modes[i % modes.Length],
                ["action"] = action,
                ["trustedNetwork"] = action == "requireMfaOutside" ? "office" : null,
                ["conditions"] = new JsonObject
                {
                    ["clientKinds"] = new JsonArray(Enum(defs["conditions"]!["properties"]!["clientKinds"]!["items"]!).Select(k => (JsonNode)k).ToArray()),
                    ["unknownCountry"] = unknown[i % unknown.Length],
                    ["timeWindows"] = new JsonArray(new JsonObject
                    {
                        ["days"] = new JsonArray(Enum(defs["timeWindow"]!["properties"]!["days"]!["items"]!).Select(d => (JsonNode)d).ToArray()),
                        ["start"] = "00:00",
                        ["end"] = "24:00",
                    }),
                },
            });
        }

        foreach (var lockoutMode in Enum(defs["lockout"]!["properties"]!["mode"]!))
        {
            var document = new JsonObject
            {
                ["networks"] = new JsonObject { ["office"] = new JsonArray("203.0.113.0/24") },
                ["rules"] = rules.DeepClone(),
                ["lockout"] = new JsonObject { ["mode"] = lockoutMode },
            };
            var result = PolicyCompiler.Compile(RemoveNulls(document).ToJsonString(), "enums.json", new NoCountryLookup());
            Assert.True(result.Policy is not null, string.Join(Environment.NewLine, result.Errors));
        }
    }

    [Fact]
    public void The_shipped_policy_file_allows_a_password_sign_in_and_keeps_the_default_lockout()
    {
        // The committed file: an admin's local edit to config/policies.json must not fail the suite.
        var result = PolicyCompiler.Compile(ShippedFiles.Read("config/policies.json"), "policies.json", new NoCountryLookup());

        var policy = result.Policy ?? throw new Xunit.Sdk.XunitException(string.Join(Environment.NewLine, result.Errors));
        Assert.Empty(policy.Rules);
        Assert.Equal(CompiledLockout.Default with { BannedRanges = [] }, policy.Lockout with { BannedRanges = [] });
        Assert.True(policy.IsInsideCorporateNetwork(System.Net.IPAddress.Parse("203.0.113.7")));
        Assert.Equal(PolicyOutcome.Allow, policy.Evaluate(new PolicyContext
        {
            UserPrincipalName = "alice@contoso.com", RelyingParty = "urn:federation:MicrosoftOnline", ClientKind = ClientKind.Browser,
            ClientIp = System.Net.IPAddress.Parse("198.51.100.7"), Time = DateTimeOffset.UnixEpoch,
        }).Outcome);
    }

    private static void CompareObject(JsonNode model, JsonObject schema, Dictionary<string, JsonNode?> declared, JsonNode definition, string path)
    {
        var modelProperties = model["properties"]!.AsObject();
        var inModel = modelProperties.Select(p => p.Key).Order(StringComparer.Ordinal).ToList();
        var inSchema = declared.Keys.Order(StringComparer.Ordinal).ToList();
        Assert.True(inModel.SequenceEqual(inSchema), $"{path}: the model has [{string.Join(", ", inModel)}] but the schema [{string.Join(", ", inSchema)}].");
        Assert.True(definition["additionalProperties"] is JsonValue closed && !closed.GetValue<bool>(), $"{path}: additionalProperties must be false, as the compiler rejects unknown keys.");
        foreach (var (name, modelProperty) in modelProperties)
        {
            Compare(modelProperty!, schema, declared[name]!, $"{path}.{name}");
        }
    }

    private static void Compare(JsonNode model, JsonObject schema, JsonNode declared, string path)
    {
        var resolved = Resolve(schema, declared);
        if (model["properties"] is JsonObject)
        {
            CompareObject(model, schema, Properties(schema, resolved, path), resolved, path);
        }

        if (model["items"] is JsonObject items)
        {
            Assert.True(resolved["items"] is not null, $"{path}: the model has a list here but the schema has no items.");
            Compare(items, schema, resolved["items"]!, path + "[]");
        }

        if (model["additionalProperties"] is JsonObject values)
        {
            Assert.True(resolved["additionalProperties"] is JsonObject, $"{path}: the model has a map here but the schema has no additionalProperties schema.");
            Compare(values, schema, resolved["additionalProperties"]!, path + ".*");
        }
    }

    private static Dictionary<string, JsonNode?> Properties(JsonObject schema, JsonNode definition, string path) =>
        Resolve(schema, definition)["properties"] is JsonObject properties
            ? properties.ToDictionary(p => p.Key, p => p.Value)
            : throw new Xunit.Sdk.XunitException($"{path}: the schema declares no properties, but the model has an object here.");

    /// <summary>Follows "#/$defs/NAME" references; the schema uses no other kind.</summary>
    private static JsonNode Resolve(JsonObject schema, JsonNode node) =>
        node["$ref"] is JsonValue reference
            ? Resolve(schema, schema["$defs"]![reference.GetValue<string>()["#/$defs/".Length..]]!)
            : node;

    private static JsonNode RemoveNulls(JsonNode node)
    {
        if (node is JsonObject obj)
        {
            foreach (var key in obj.Where(p => p.Value is null).Select(p => p.Key).ToList())
            {
                obj.Remove(key);
            }

            foreach (var (_, child) in obj)
            {
                RemoveNulls(child!);
            }
        }
        else if (node is JsonArray array)
        {
            foreach (var child in array)
            {
                RemoveNulls(child!);
            }
        }

        return node;
    }

    private static string FindConfigDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "IdpFederation.sln")))
            {
                return Path.Combine(dir.FullName, "config");
            }
        }

        throw new DirectoryNotFoundException("No IdpFederation.sln above " + AppContext.BaseDirectory);
    }
}

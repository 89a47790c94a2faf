using System.Collections;
using System.Globalization;
using System.Reflection;
using System.Text;
using System.Text.Json.Nodes;
using IdpFederation.Core.Configuration;
using IdpFederation.Core.Provisioning;
using IdpFederation.Core.Provisioning.Mapping;
using IdpFederation.Tests.CoreLayer;
using IdpFederation.Tests.Server;
using Microsoft.Extensions.Configuration;

namespace IdpFederation.Tests.Provisioning.Planning;

/// <summary>
/// config/provisioning.schema.json documents Idp:Provisioning for editors and is checked against every config file at
/// load (ProvisioningSchemaCheckTests): these tests keep it equal to the options type (every property in both, defaults,
/// enums) and check that its example binds without unknown keys and passes the validator start-up runs.
/// </summary>
[Trait("Kind", "Unit")]
public sealed class ProvisioningSchemaTests
{
    private static readonly JsonObject Schema = JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Root, "config", "provisioning.schema.json")))!.AsObject();

    [Fact]
    public void Schema_and_options_declare_the_same_properties_at_every_level() => CompareObject(typeof(ProvisioningOptions), Schema, "Idp:Provisioning");

    [Fact]
    public void Schema_defaults_are_the_option_defaults()
    {
        foreach (var (type, definition) in new (Type, JsonNode)[]
        {
            (typeof(ProvisioningTenantOptions), Schema["$defs"]!["tenant"]!), (typeof(ProvisioningRoleOptions), Schema["$defs"]!["role"]!),
            (typeof(DeprovisioningOptions), Schema["$defs"]!["deprovisioning"]!), (typeof(GroupExportOptions), Schema["$defs"]!["groupExport"]!),
        })
        {
            var instance = Activator.CreateInstance(type)!;
            foreach (var (name, declared) in definition["properties"]!.AsObject())
            {
                var resolved = Resolve(declared!);
                var expected = declared!["default"] ?? resolved["default"];
                if (expected is null && resolved["properties"] is not null)
                {
                    // A nested section: its own definition carries the defaults, checked on its own.
                    continue;
                }

                if (expected is null)
                {
                    Assert.Null(type.GetProperty(name)!.GetValue(instance));
                    continue;
                }

                Assert.True(JsonNode.DeepEquals(expected, ToJson(type.GetProperty(name)!.GetValue(instance))),
                    $"{type.Name}.{name}: schema default {expected.ToJsonString()} but the options' is {ToJson(type.GetProperty(name)!.GetValue(instance))?.ToJsonString()}");
            }
        }
    }

    [Fact]
    public void Schema_enums_are_the_option_enums_and_the_owned_attributes()
    {
        var defs = Schema["$defs"]!;
        Assert.Equal(Enum.GetNames<DeprovisioningAction>(), Names(defs["deprovisioningAction"]!["enum"]!));
        Assert.Equal(Enum.GetNames<LicenseMode>(), Names(defs["tenant"]!["properties"]!["LicenseMode"]!["enum"]!));
        Assert.Equal(Enum.GetNames<GroupMatch>(), Names(defs["groupExport"]!["properties"]!["MatchBy"]!["enum"]!));
        Assert.Equal(OwnedAttributes.Names, Names(defs["tenant"]!["properties"]!["Attributes"]!["propertyNames"]!["enum"]!));
    }

    [Fact]
    public void The_schema_example_binds_without_unknown_keys_and_passes_validation()
    {
        var example = new JsonObject { ["Idp"] = new JsonObject { ["Provisioning"] = Schema["examples"]![0]!.DeepClone() } };
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(example.ToJsonString()));
        var configuration = new ConfigurationBuilder().AddJsonStream(stream).Build();

        var provisioning = configuration.GetSection("Idp:Provisioning").Get<ProvisioningOptions>(o => o.ErrorOnUnknownConfiguration = true)!;

        Assert.Equal(DeprovisioningAction.BlockSignIn, provisioning.Tenants[0].Deprovisioning.UserDisabled);
        Assert.Equal("Lower(source.upn)", provisioning.Tenants[0].Attributes["mail"]);
        Assert.Empty(OptionsValidation.Failures(o => o.Provisioning = provisioning));
    }

    private static void CompareObject(Type type, JsonNode definition, string path)
    {
        var resolved = Resolve(definition);
        Assert.True(resolved["additionalProperties"] is JsonValue closed && !closed.GetValue<bool>(), $"{path}: additionalProperties must be false.");
        var properties = type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite).ToDictionary(p => p.Name);
        var declared = resolved["properties"]!.AsObject();
        Assert.True(properties.Keys.Order(StringComparer.Ordinal).SequenceEqual(declared.Select(p => p.Key).Order(StringComparer.Ordinal)),
            $"{path}: the options have [{string.Join(", ", properties.Keys.Order(StringComparer.Ordinal))}] but the schema [{string.Join(", ", declared.Select(p => p.Key).Order(StringComparer.Ordinal))}].");
        foreach (var (name, property) in properties)
        {
            var propertyType = property.PropertyType;
            var node = Resolve(declared[name]!);
            if (propertyType.IsGenericType && propertyType.GetGenericTypeDefinition() == typeof(List<>) && propertyType.GenericTypeArguments[0] != typeof(string))
            {
                CompareObject(propertyType.GenericTypeArguments[0], node["items"]!, $"{path}:{name}:N");
            }
            else if (propertyType.IsClass && propertyType != typeof(string) && !typeof(IEnumerable).IsAssignableFrom(propertyType))
            {
                CompareObject(propertyType, node, $"{path}:{name}");
            }
        }
    }

    private static JsonNode Resolve(JsonNode node) =>
        node["$ref"] is JsonValue reference ? Resolve(Schema["$defs"]![reference.GetValue<string>()["#/$defs/".Length..]]!) : node;

    private static JsonNode? ToJson(object? value) => value switch
    {
        null => null,
        TimeSpan span => JsonValue.Create(span.ToString("c", CultureInfo.InvariantCulture)),
        Enum e => JsonValue.Create(e.ToString()),
        string s => JsonValue.Create(s),
        bool b => JsonValue.Create(b),
        int i => JsonValue.Create(i),
        double d => JsonValue.Create(d),
        IDictionary dictionary => new JsonObject(dictionary.Keys.Cast<string>().Select(k => KeyValuePair.Create(k, ToJson(dictionary[k])))),
        IEnumerable list => new JsonArray([.. list.Cast<object?>().Select(ToJson)]),
        _ => throw new InvalidOperationException($"No JSON form for {value.GetType().Name}; give that property a schema definition of its own."),
    };

    private static string[] Names(JsonNode array) => [.. array.AsArray().Select(v => (string)v!)];
}

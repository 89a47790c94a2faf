using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using IdpFederation.Infrastructure.Configuration;
using IdpFederation.Tests.Server;

namespace IdpFederation.Tests.ConfigurationFiles;

/// <summary>
/// Idp:Provisioning in a config file against config/provisioning.schema.json, as the loader checks it: mistakes are
/// named by line, column, setting and the schema's rule (never the value), and nothing the configuration binds and the
/// options validator accepts is refused (case, numbers and booleans as strings, every TimeSpan form, partial tenants).
/// </summary>
[Trait("Kind", "Unit")]
public sealed class ProvisioningSchemaCheckTests
{
    [Fact]
    public void A_wrong_enum_value_is_named_by_line_column_and_setting()
    {
        var problems = Check("""
            {
              "Idp": {
                "Provisioning": {
                  "Tenants": [
                    {
                      "Name": "contoso",
                      "LicenseMode": "EveryRole"
                    }
                  ]
                }
              }
            }
            """);

        Assert.Equal(["line 7, column 26: Idp:Provisioning:Tenants:0:LicenseMode: value must be one of \"AllMappedRoles\", \"FirstMatchingRole\""], problems);
    }

    [Fact]
    public void A_wrong_type_is_named_without_quoting_the_value()
    {
        var problems = Check("""
            { "Idp": { "Provisioning": { "Tenants": [ {
                "Name": "contoso",
                "Domains": "contoso.com",
                "MaxParallelBatches": "four-secret"
            } ] } } }
            """);

        Assert.Equal(
        [
            "line 3, column 16: Idp:Provisioning:Tenants:0:Domains: value must be an array [ … ]",
            "line 4, column 27: Idp:Provisioning:Tenants:0:MaxParallelBatches: value must match the pattern ^\\s*[+-]?\\d+\\s*$",
        ], problems);
        Assert.DoesNotContain(problems, p => p.Contains("four-secret", StringComparison.Ordinal) || p.Contains("contoso.com", StringComparison.Ordinal));
    }

    [Fact]
    public void An_unknown_setting_and_an_unknown_attribute_are_named_by_their_line()
    {
        var problems = Check("""
            {
              "Idp": {
                "Provisioning": {
                  "Tenants": [
                    {
                      "Name": "contoso",
                      "LicenceMode": "AllMappedRoles",
                      "Attributes": {
                        "usageLocaton": "\"AU\""
                      }
                    }
                  ]
                }
              }
            }
            """);

        Assert.Equal(2, problems.Count);
        Assert.Equal("line 7, column 26: Idp:Provisioning:Tenants:0:LicenceMode: is not a setting here (check its spelling)", problems[0]);
        Assert.True(problems[1].StartsWith("line 9, column 29: Idp:Provisioning:Tenants:0:Attributes:usageLocaton: is not a name allowed here (names are case-sensitive); use one of \"userPrincipalName\"", StringComparison.Ordinal), problems[1]);
    }

    [Fact]
    public void Names_and_enum_values_match_without_case_and_scalars_may_be_strings_as_the_configuration_binds_them()
    {
        Assert.Empty(Check("""
            { "idp": { "provisioning": { "tenants": [ {
                "name": "contoso",
                "clientId": "",
                "licenseMode": "firstMatchingRole",
                "liveMode": "True",
                "hybridExchange": false,
                "writesPerWindow": " 3000 ",
                "maxParallelBatches": 8,
                "fullSyncInterval": "1",
                "writeWindow": "2:30",
                "graphBaseUrl": "HTTPS://graph.microsoft.us/v1.0",
                "initialDomain": "CONTOSO.ONMICROSOFT.COM",
                "deprovisioning": { "userDisabled": "blocksignin", "maxDeprovisionPercent": "12.5" },
                "roles": [ { "licenses": [ "{c5928f49-12ba-48f7-ada3-0d743a3601d5}", "SPE_E5" ] } ],
                "groupExport": { "matchBy": "nametypeandmail", "removeDuplicates": "false" }
            } ] } } }
            """));
    }

    [Theory]
    [InlineData("06:00:00")]
    [InlineData("6:00")]
    [InlineData("1")]
    [InlineData("1.06:00:00")]
    [InlineData("1:06:00:00")]
    [InlineData("00:15:00.5")]
    [InlineData(" 00:30:00 ")]
    public void Every_form_TimeSpan_parse_reads_is_accepted(string interval)
    {
        // The binder reads TimeSpan settings with TimeSpan.Parse, so the schema must take whatever it takes.
        _ = TimeSpan.Parse(interval, CultureInfo.InvariantCulture);

        Assert.Empty(Check($$"""{ "Idp": { "Provisioning": { "Tenants": [ { "FullSyncInterval": "{{interval}}" } ] } } }"""));
    }

    [Fact]
    public void A_file_may_hold_part_of_a_tenant_the_rest_comes_from_other_files_or_variables()
    {
        // idpfederation.Production.json switching live mode on for tenant 0, whose name and roles are in idpfederation.json.
        Assert.Empty(Check("""{ "Idp": { "Provisioning": { "Tenants": [ { "LiveMode": true, "ClientSecretVariable": "GRAPH_SECRET" } ] } } }"""));
    }

    [Fact]
    public void At_most_five_errors_are_listed_in_file_order()
    {
        var tenants = string.Join(",\n", Enumerable.Range(0, 7).Select(i => $"{{ \"LicenseMode\": \"No{i}\" }}"));
        var problems = Check($"{{ \"Idp\": {{ \"Provisioning\": {{ \"Tenants\": [\n{tenants}\n] }} }} }}");

        Assert.Equal(ProvisioningSchemaCheck.MaxReported + 1, problems.Count);
        Assert.StartsWith("line 2, column 18: Idp:Provisioning:Tenants:0:LicenseMode", problems[0], StringComparison.Ordinal);
        Assert.StartsWith("line 6, column 18: Idp:Provisioning:Tenants:4:LicenseMode", problems[4], StringComparison.Ordinal);
        Assert.Equal("and 2 more", problems[5]);
    }

    [Fact]
    public void A_key_written_twice_is_left_to_the_configuration_reader_which_refuses_it_with_its_own_message()
    {
        Assert.Empty(Check("""{ "Idp": { "Provisioning": { "Tenants": [ { "Name": "a", "name": "b", "LicenseMode": "Nope" } ] } } }"""));
    }

    [Fact]
    public void Files_without_provisioning_are_not_checked()
    {
        Assert.Empty(Check("""{ "Idp": { "PublicBaseUrl": "https://sts.contoso.com" }, "Logging": { "LogLevel": { "Default": "Warning" } } }"""));
    }

    [Fact]
    public void The_repository_config_files_and_the_schema_example_match_the_schema()
    {
        var config = Path.Combine(RepositoryPaths.Root, "config");
        foreach (var file in System.IO.Directory.GetFiles(config, "idpfederation*.json"))
        {
            Assert.True(Check(File.ReadAllText(file)) is { Count: 0 }, file);
        }

        var schema = JsonNode.Parse(File.ReadAllText(Path.Combine(config, ProvisioningSchemaCheck.SchemaFileName)))!;
        foreach (var example in schema["examples"]!.AsArray())
        {
            var file = new JsonObject { ["Idp"] = new JsonObject { ["Provisioning"] = example!.DeepClone() } };
            Assert.Empty(Check(file.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true })));
        }
    }

    private static IReadOnlyList<string> Check(string json)
    {
        var utf8 = Encoding.UTF8.GetBytes(json);
        return ProvisioningSchemaCheck.Check(utf8, JsonValueLocations.Read(utf8));
    }
}

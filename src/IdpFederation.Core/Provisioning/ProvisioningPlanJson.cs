using System.Globalization;
using System.Text;
using System.Text.Json;
using IdpFederation.Core.Provisioning.Mapping;

namespace IdpFederation.Core.Provisioning;

/// <summary>
/// The plan as JSON (`provision run --dry-run --json`): operations in plan order, each with its action name
/// (<see cref="ProvisioningPlanFormatter.ActionOf"/>), licences with both SKU id and part number.
/// </summary>
public static class ProvisioningPlanJson
{
    public static string Write(ProvisioningPlan plan, IReadOnlyList<CloudSku> skus)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(skus);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("tenant", plan.Tenant);
            json.WriteStartObject("summary");
            foreach (var (action, count) in ProvisioningPlanFormatter.Summary(plan))
            {
                json.WriteNumber(action, count);
            }

            json.WriteEndObject();
            json.WriteStartArray("operations");
            foreach (var operation in plan.Operations)
            {
                WriteOperation(json, operation, skus);
            }

            json.WriteEndArray();
            json.WriteStartArray("conflicts");
            foreach (var conflict in plan.Conflicts)
            {
                json.WriteStartObject();
                json.WriteString("userPrincipalName", conflict.UserPrincipalName);
                json.WriteString("immutableId", conflict.ImmutableId);
                json.WriteString("reason", conflict.Reason);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            if (plan.Guard is { } guard)
            {
                json.WriteStartObject("guard");
                json.WriteNumber("affected", guard.Affected);
                json.WriteNumber("provisioned", guard.Provisioned);
                json.WriteNumber("allowedPercent", guard.AllowedPercent);
                json.WriteBoolean("exceeded", guard.Exceeded);
                json.WriteEndObject();
            }
            else
            {
                json.WriteNull("guard");
            }

            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteOperation(Utf8JsonWriter json, PlanOperation operation, IReadOnlyList<CloudSku> skus)
    {
        json.WriteStartObject();
        json.WriteString("action", ProvisioningPlanFormatter.ActionOf(operation));
        json.WriteString("userPrincipalName", operation.UserPrincipalName);
        json.WriteString("immutableId", operation.ImmutableId);
        json.WriteString("cloudId", operation.CloudId);
        switch (operation)
        {
            case CreateUser create:
                json.WriteStartObject("attributes");
                foreach (var name in OwnedAttributes.Names.Where(create.Attributes.ContainsKey))
                {
                    json.WriteString(name, create.Attributes[name]);
                }

                json.WriteEndObject();
                break;
            case UpdateUser update:
                json.WriteStartArray("changes");
                foreach (var change in update.Changes)
                {
                    json.WriteStartObject();
                    json.WriteString("name", change.Name);
                    json.WriteString("from", change.From);
                    json.WriteString("to", change.To);
                    json.WriteEndObject();
                }

                json.WriteEndArray();
                break;
            case TakeOverUser takeOver:
                json.WriteString("previousImmutableId", takeOver.PreviousImmutableId);
                json.WriteString("temporaryUserPrincipalName", takeOver.TemporaryUserPrincipalName);
                break;
            case ChangeLicenses licences:
                WriteSkus(json, "add", licences.Add, skus);
                WriteSkus(json, "remove", licences.Remove, skus);
                json.WriteBoolean("deprovisioning", licences.Deprovisioning);
                break;
            case DeprovisionUser deprovision:
                json.WriteString("event", JsonNamingPolicy.CamelCase.ConvertName(deprovision.Event.ToString()));
                break;
        }

        json.WriteEndObject();
    }

    private static void WriteSkus(Utf8JsonWriter json, string name, IReadOnlyList<Guid> ids, IReadOnlyList<CloudSku> skus)
    {
        json.WriteStartArray(name);
        foreach (var id in ids)
        {
            json.WriteStartObject();
            json.WriteString("skuId", id.ToString("D", CultureInfo.InvariantCulture));
            json.WriteString("skuPartNumber", ProvisioningPlanFormatter.PartNumber(id, skus));
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }
}

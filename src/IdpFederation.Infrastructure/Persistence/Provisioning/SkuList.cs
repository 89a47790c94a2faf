using System.Globalization;

namespace IdpFederation.Infrastructure.Persistence.Provisioning;

/// <summary>SKU IDs in one column: lower-case GUIDs ("D" format) joined by commas, in the order given, without duplicates.</summary>
internal static class SkuList
{
    public static string Format(IReadOnlyList<Guid> skus) =>
        string.Join(',', skus.Distinct().Select(s => s.ToString("D", CultureInfo.InvariantCulture)));

    public static IReadOnlyList<Guid> Parse(string column) =>
        column.Length == 0 ? [] : column.Split(',').Select(s => Guid.Parse(s, CultureInfo.InvariantCulture)).ToList();
}

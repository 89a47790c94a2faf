using System.Reflection;

namespace IdpFederation.Tests;

/// <summary>
/// Every test class says what kind it is, so `dotnet test --filter Kind=Unit` runs the fast ones in seconds and
/// nothing slips out of every filter: Unit (in-process, no server, database, Redis or external tool), Integration
/// (any of those), Browser (headless Chromium).
/// </summary>
[Trait("Kind", "Unit")]
public sealed class TestKindTests
{
    private static readonly string[] Kinds = ["Unit", "Integration", "Browser"];

    [Fact]
    public void Every_test_class_carries_exactly_one_known_kind()
    {
        var untagged = new List<string>();
        foreach (var type in typeof(TestKindTests).Assembly.GetTypes().Where(t => t is { IsClass: true, IsAbstract: false } && HasTests(t)))
        {
            var declared = KindsOf(type);
            if (declared.Count != 1 || !Kinds.Contains(declared[0]))
            {
                untagged.Add($"{type.FullName}: [{string.Join(", ", declared)}]");
            }
        }

        Assert.True(untagged.Count == 0, "Test classes without exactly one Kind trait (Unit, Integration or Browser):\n" + string.Join("\n", untagged));
    }

    private static bool HasTests(Type type) =>
        type.GetMethods(BindingFlags.Public | BindingFlags.Instance).Any(m => m.GetCustomAttributes<FactAttribute>(inherit: true).Any());

    /// <summary>The Kind values on the class and its bases, read as xunit reads them (TraitAttribute's constructor).</summary>
    private static List<string> KindsOf(Type type)
    {
        var kinds = new List<string>();
        for (var current = type; current is not null; current = current.BaseType)
        {
            kinds.AddRange(current.GetCustomAttributesData()
                .Where(a => a.AttributeType == typeof(TraitAttribute) && (string?)a.ConstructorArguments[0].Value == "Kind")
                .Select(a => (string)a.ConstructorArguments[1].Value!));
        }

        return kinds;
    }
}

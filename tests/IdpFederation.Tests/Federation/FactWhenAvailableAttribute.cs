using System.Reflection;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace IdpFederation.Tests.Federation;

/// <summary>
/// A [Fact] that needs something a plain clone or a developer's machine may lack (pwsh, the spec beside the
/// repository): it is reported skipped, with the reason, when the static string property
/// <c>missingReasonProperty</c> of <c>type</c> is not null. xunit 2 has no dynamic skip, so, like
/// <see cref="Directory.DatabaseFactAttribute"/>, a discoverer decides.
/// </summary>
[XunitTestCaseDiscoverer("IdpFederation.Tests.Federation.FactWhenAvailableDiscoverer", "IdpFederation.Tests")]
[AttributeUsage(AttributeTargets.Method)]
public sealed class FactWhenAvailableAttribute(Type type, string missingReasonProperty) : FactAttribute
{
    public Type Type { get; } = type;

    public string MissingReasonProperty { get; } = missingReasonProperty;
}

public sealed class FactWhenAvailableDiscoverer : IXunitTestCaseDiscoverer
{
    private readonly IMessageSink _diagnostics;
    private readonly FactDiscoverer _facts;

    public FactWhenAvailableDiscoverer(IMessageSink diagnosticMessageSink)
    {
        _diagnostics = diagnosticMessageSink;
        _facts = new FactDiscoverer(diagnosticMessageSink);
    }

    public IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute)
    {
        var arguments = factAttribute.GetConstructorArguments().ToArray();
        var type = (Type)arguments[0];
        var property = type.GetProperty((string)arguments[1], BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)
            ?? throw new InvalidOperationException($"{type.Name} has no static property {arguments[1]}.");
        if (property.GetValue(null) is string reason)
        {
            return [new XunitSkippedDataRowTestCase(_diagnostics, discoveryOptions.MethodDisplayOrDefault(), discoveryOptions.MethodDisplayOptionsOrDefault(), testMethod, "NOT RUN: " + reason)];
        }

        return _facts.Discover(discoveryOptions, testMethod, factAttribute);
    }
}

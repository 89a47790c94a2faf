using Xunit.Abstractions;
using Xunit.Sdk;

namespace IdpFederation.Tests.Directory;

/// <summary>Marks a test class whose tests need the PostgreSQL server from IDPFED_TEST_POSTGRES.</summary>
public interface IRequiresPostgres;

/// <summary>
/// A [Fact] for shared database test classes: it runs against every engine, except that in a class marked
/// <see cref="IRequiresPostgres"/> it is reported skipped when <see cref="PostgresTestEnvironment.SkipReason"/> says so.
/// xunit 2 has no dynamic skip, and the shared base class cannot vary its attributes per engine, hence the discoverer.
/// </summary>
[XunitTestCaseDiscoverer("IdpFederation.Tests.Directory.DatabaseFactDiscoverer", "IdpFederation.Tests")]
[AttributeUsage(AttributeTargets.Method)]
public sealed class DatabaseFactAttribute : FactAttribute;

public sealed class DatabaseFactDiscoverer : IXunitTestCaseDiscoverer
{
    private readonly IMessageSink _diagnostics;
    private readonly FactDiscoverer _facts;

    public DatabaseFactDiscoverer(IMessageSink diagnosticMessageSink)
    {
        _diagnostics = diagnosticMessageSink;
        _facts = new FactDiscoverer(diagnosticMessageSink);
    }

    public IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute)
    {
        var testClass = testMethod.TestClass.Class.ToRuntimeType();
        if (typeof(IRequiresPostgres).IsAssignableFrom(testClass) && PostgresTestEnvironment.SkipReason is { } reason)
        {
            return [new XunitSkippedDataRowTestCase(_diagnostics, discoveryOptions.MethodDisplayOrDefault(), discoveryOptions.MethodDisplayOptionsOrDefault(), testMethod, reason)];
        }

        return _facts.Discover(discoveryOptions, testMethod, factAttribute);
    }
}

using Xunit.Abstractions;
using Xunit.Sdk;

namespace IdpFederation.Tests.State;

/// <summary>Marks a test class whose tests need the Redis server from IDPFED_TEST_REDIS.</summary>
public interface IRequiresRedis;

/// <summary>
/// A [Fact] for state tests shared by the in-memory and Redis implementations: it always runs, except that in a class
/// marked <see cref="IRequiresRedis"/> it is reported skipped when <see cref="RedisTestEnvironment.SkipReason"/> says
/// so (IDPFED_SKIP_REDIS=1 and no server). Without a server and without the opt-out the test fails, loudly.
/// </summary>
[XunitTestCaseDiscoverer("IdpFederation.Tests.State.StateFactDiscoverer", "IdpFederation.Tests")]
[AttributeUsage(AttributeTargets.Method)]
public sealed class StateFactAttribute : FactAttribute;

public sealed class StateFactDiscoverer : IXunitTestCaseDiscoverer
{
    private readonly IMessageSink _diagnostics;
    private readonly FactDiscoverer _facts;

    public StateFactDiscoverer(IMessageSink diagnosticMessageSink)
    {
        _diagnostics = diagnosticMessageSink;
        _facts = new FactDiscoverer(diagnosticMessageSink);
    }

    public IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute)
    {
        var testClass = testMethod.TestClass.Class.ToRuntimeType();
        if (typeof(IRequiresRedis).IsAssignableFrom(testClass) && RedisTestEnvironment.SkipReason is { } reason)
        {
            return [new XunitSkippedDataRowTestCase(_diagnostics, discoveryOptions.MethodDisplayOrDefault(), discoveryOptions.MethodDisplayOptionsOrDefault(), testMethod, reason)];
        }

        return _facts.Discover(discoveryOptions, testMethod, factAttribute);
    }
}

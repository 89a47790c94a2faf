using System.Net;
using BenchmarkDotNet.Attributes;
using IdpFederation.Core.Policies;

namespace IdpFederation.Benchmarks;

/// <summary>
/// What the policy step costs per sign-in with 100 rules: every enabled rule is evaluated and its reasons recorded
/// (as the audit record and the what-if tool need), for typical sign-ins.
/// </summary>
[MemoryDiagnoser]
public class PolicyEvaluationBenchmarks
{
    private CompiledPolicy _policy = null!;
    private PolicyContext _officeIpv4 = null!;
    private PolicyContext _roamingIpv6 = null!;
    private PolicyContext _activeAbroad = null!;
    private string _json = null!;

    [GlobalSetup]
    public void Setup()
    {
        _json = BenchmarkPolicy.Json();
        _policy = BenchmarkPolicy.Compile();
        var time = new DateTimeOffset(2025, 3, 13, 23, 30, 0, TimeSpan.Zero);
        _officeIpv4 = new PolicyContext
        {
            UserPrincipalName = "user5-3@contoso.com",
            Roles = ["Staff", "Group8", "Finance"],
            RelyingParty = "urn:federation:MicrosoftOnline",
            ClientKind = ClientKind.Browser,
            ClientIp = IPAddress.Parse("10.0.12.34"),
            Country = "AU",
            Time = time,
        };
        _roamingIpv6 = _officeIpv4 with { ClientIp = IPAddress.Parse("2001:4860:4860::8888"), Country = "US", UserPrincipalName = "alice@contoso.com" };
        _activeAbroad = _officeIpv4 with { ClientKind = ClientKind.Active, ClientIp = IPAddress.Parse("81.2.69.142"), Country = "GB", Roles = ["Contractors4"] };
        if (_policy.Rules.Count != BenchmarkPolicy.RuleCount)
        {
            throw new InvalidOperationException($"expected {BenchmarkPolicy.RuleCount} rules, compiled {_policy.Rules.Count}");
        }
    }

    [Benchmark(Baseline = true, Description = "100 rules, office IPv4 browser")]
    public PolicyDecision OfficeIpv4() => _policy.Evaluate(_officeIpv4);

    [Benchmark(Description = "100 rules, roaming IPv6 browser")]
    public PolicyDecision RoamingIpv6() => _policy.Evaluate(_roamingIpv6);

    [Benchmark(Description = "100 rules, active client abroad")]
    public PolicyDecision ActiveAbroad() => _policy.Evaluate(_activeAbroad);

    /// <summary>What a reload costs: parse and compile the whole file.</summary>
    [Benchmark(Description = "compile the 100-rule file (reload)")]
    public CompiledPolicy? Compile() => PolicyCompiler.Compile(_json, "benchmark-policies.json", new BenchmarkPolicy.AnyCountryLookup()).Policy;
}

using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using IdpFederation.Benchmarks;

// Short runs on purpose (docs/benchmarks.md): one launch, few warm-up and measured iterations, in-process.
// Usage: dotnet run -c Release --project tests/IdpFederation.Benchmarks -- policy | geo | geo-memory | mfa | all
// (pbkdf2 [iterations] [seconds] [threads] is a plain parallel timing loop, not BenchmarkDotNet: see Pbkdf2Rate;
// geo-memory [csv|mmdb] reads resident memory from /proc in a fresh process per format: see GeoMemoryReport.)
var what = args.FirstOrDefault() ?? "all";
if (what == "pbkdf2")
{
    Pbkdf2Rate.Run(args[1..]);
    return 0;
}

if (what == "geo-memory")
{
    GeoMemoryReport.Run(args[1..]);
    return 0;
}

var config = ManualConfig.Create(DefaultConfig.Instance)
    .AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance).WithId("ShortRun-InProcess"));
Type[] benchmarks = what switch
{
    "policy" => [typeof(PolicyEvaluationBenchmarks)],
    "mfa" => [typeof(MfaBenchmarks)],
    "geo" => [typeof(CountryLookupBenchmarks), typeof(CountryLoadBenchmarks)],
    "all" => [typeof(PolicyEvaluationBenchmarks), typeof(CountryLookupBenchmarks), typeof(CountryLoadBenchmarks), typeof(MfaBenchmarks)],
    _ => throw new ArgumentException($"unknown benchmark set '{what}'; use policy, geo, geo-memory, mfa or all"),
};
foreach (var benchmark in benchmarks)
{
    BenchmarkRunner.Run(benchmark, config);
}

return 0;

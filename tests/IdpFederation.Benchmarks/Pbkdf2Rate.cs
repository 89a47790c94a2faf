using System.Diagnostics;
using System.Globalization;
using IdpFederation.Core.Passwords;

namespace IdpFederation.Benchmarks;

/// <summary>
/// The bare PBKDF2-SHA512 rate of this machine: one plain thread per core, each verifying a password against a stored
/// hash (the server's per-attempt work, without HTTP, lockout or the hashing gate) for a fixed time. The reference for
/// scripts/bench-hashing.sh, which divides the server's sign-in rate by it.
/// Usage: pbkdf2 [iterations=210000] [seconds=10] [threads=cores]
/// </summary>
internal static class Pbkdf2Rate
{
    public static void Run(string[] args)
    {
        var iterations = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 210_000;
        var seconds = args.Length > 1 ? double.Parse(args[1], CultureInfo.InvariantCulture) : 10;
        var threads = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : Environment.ProcessorCount;
        var hasher = new Pbkdf2PasswordHasher(iterations);
        var stored = hasher.Hash("Bench-Password-1!"); // also warms up the code path
        var counts = new long[threads];
        var stopwatch = Stopwatch.StartNew();
        var end = TimeSpan.FromSeconds(seconds);
        var workers = Enumerable.Range(0, threads).Select(i => new Thread(() =>
        {
            while (stopwatch.Elapsed < end)
            {
                hasher.Verify(stored, "wrong-password");
                counts[i]++;
            }
        })).ToList();
        workers.ForEach(t => t.Start());
        workers.ForEach(t => t.Join());
        var elapsed = stopwatch.Elapsed.TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"pbkdf2-sha512 iterations={iterations} threads={threads} seconds={elapsed:F2} hashes={counts.Sum()} rate={counts.Sum() / elapsed:F2}/s"));
    }
}

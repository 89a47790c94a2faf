using System.Runtime.InteropServices;

namespace IdpFederation.Core.Authentication;

/// <summary>
/// Puts the calling thread at the lowest CPU priority, so the kernel runs it only on time that normal threads (request
/// handling, at nice 0) leave unused. .NET's <see cref="Thread.Priority"/> cannot do this: on Linux it is recorded but
/// not passed to the kernel (the thread's nice value stays 0).
/// </summary>
internal static partial class HashingThreadPriority
{
    // EXPERIMENT knob (removed before merge): IDPFED_HASHING_PRIORITY = idle | nice | none.
    private static readonly string Mode = Environment.GetEnvironmentVariable("IDPFED_HASHING_PRIORITY") ?? "idle";

    // sched(7): SCHED_IDLE "for running very low priority background jobs"; value from <linux/sched.h>.
    private const int SchedIdle = 5;

    // setpriority(2): PRIO_PROCESS with a thread ID sets that thread only ("the nice value is a per-thread attribute").
    private const int PrioProcess = 0;
    private const int LowestNice = 19;

    public static void LowerCurrentThread()
    {
        if (!OperatingSystem.IsLinux() || Mode == "none")
        {
            return; // elsewhere the threads just run at normal priority
        }

        try
        {
            var tid = GetTid();
            if (Mode == "nice")
            {
                _ = SetPriority(PrioProcess, tid, LowestNice);
            }
            else
            {
                var param = 0; // struct sched_param { int sched_priority; }, which must be 0 for SCHED_IDLE
                _ = SchedSetScheduler(tid, SchedIdle, ref param);
            }
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            // A libc without gettid (glibc before 2.30): keep normal priority rather than fail the hash.
        }
    }

    [LibraryImport("libc", EntryPoint = "gettid")]
    private static partial int GetTid();

    [LibraryImport("libc", EntryPoint = "setpriority")]
    private static partial int SetPriority(int which, int who, int prio);

    [LibraryImport("libc", EntryPoint = "sched_setscheduler")]
    private static partial int SchedSetScheduler(int pid, int policy, ref int param);
}

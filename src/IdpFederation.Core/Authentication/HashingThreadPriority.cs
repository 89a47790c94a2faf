using System.Runtime.InteropServices;

namespace IdpFederation.Core.Authentication;

/// <summary>
/// Gives the calling thread the lowest CPU priority, nice 19, so that when it shares a core with request threads
/// (nice 0) the kernel's fair scheduler gives them about 68 times its share (weights 1024 and 15, sched(7)), while on a
/// core nobody else wants it still runs at full speed. .NET's <see cref="Thread.Priority"/> cannot do this: on Linux it
/// is recorded but never reaches the kernel (the thread's nice value stays 0).
/// </summary>
/// <remarks>
/// SCHED_IDLE (sched(7)) was measured as the alternative: no better for SSO latency within the noise of a shared
/// machine, and it lost more of the hashing rate to other processes, because the kernel treats a core that runs only
/// SCHED_IDLE threads as idle when placing other work. Elsewhere than Linux the threads run at normal priority.
/// </remarks>
internal static partial class HashingThreadPriority
{
    // setpriority(2): with PRIO_PROCESS, "who" may be a thread ID, and then only that thread changes ("the nice value
    // is a per-thread attribute", setpriority(2) NOTES). Raising one's own nice value needs no privilege.
    private const int PrioProcess = 0;
    public const int Nice = 19;

    public static void LowerCurrentThread()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        try
        {
            // A failure (e.g. a seccomp filter) leaves normal priority: hashing still works, it just yields less.
            _ = SetPriority(PrioProcess, GetTid(), Nice);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            // A libc without gettid (glibc before 2.30): same as above.
        }
    }

    [LibraryImport("libc", EntryPoint = "gettid")]
    private static partial int GetTid();

    [LibraryImport("libc", EntryPoint = "setpriority")]
    private static partial int SetPriority(int which, int who, int prio);
}

using System.Runtime.InteropServices;

namespace ConnectorHost.Composition;

/// <summary>
/// OF-5: the host's native heap (SQLite's page caches and statements, the runtime's own allocations) in few glibc
/// malloc arenas. glibc gives each new thread that allocates an arena of its own, up to eight per core, and memory
/// freed in one arena is not reused by another: in the office bench the host held 14 arenas of 1.4-4 MB each beside the
/// main heap. At its first line the host caps them (<see cref="Arenas"/>): the few that the runtime's own threads
/// made before it stay (4 here), every later thread shares them (the office at scale 0.3: ~27 MB of native heap in 5 arenas and the
/// main heap against ~40 MB in 14; one arena, with the environment variable, ~20 MB).
/// An admin's <c>MALLOC_ARENA_MAX</c> (environment, read by glibc at the process's start: it caps those too) wins;
/// elsewhere than glibc Linux this does nothing.
/// </summary>
internal static class NativeHeap
{
    /// <summary>The host's cap on glibc malloc arenas.</summary>
    public const int Arenas = 2;

    /// <summary>glibc's <c>M_ARENA_MAX</c> option of <c>mallopt</c>.</summary>
    private const int ArenaMaxOption = -8;

    /// <summary>Caps glibc's malloc arenas at <see cref="Arenas"/>, unless <c>MALLOC_ARENA_MAX</c> is set.</summary>
    public static void LimitArenas()
    {
        if (Environment.GetEnvironmentVariable("MALLOC_ARENA_MAX") is null && Glibc.Value)
        {
            _ = Mallopt(ArenaMaxOption, Arenas);
        }
    }

    /// <summary>
    /// OF-2: gives the native heap's free pages back to the system (glibc's <c>malloc_trim(0)</c>: every arena, not only
    /// the top of the main heap, which is all that glibc gives back by itself). SQLite's page caches and statements and the
    /// runtime's buffers are freed inside the arenas; without a trim, their pages stay resident for the next malloc.
    /// Called after a heap compaction (<see cref="HeapCompactionService"/>), so at most as often as those. Elsewhere than
    /// glibc Linux this does nothing.
    /// </summary>
    public static void TrimFreeMemory()
    {
        if (Glibc.Value)
        {
            _ = MallocTrim(0);
        }
    }

    private static readonly Lazy<bool> Glibc = new(() => OperatingSystem.IsLinux() && IsGlibc());

    private static bool IsGlibc() => NativeLibrary.TryLoad("libc.so.6", out var handle) && NativeLibrary.TryGetExport(handle, "gnu_get_libc_version", out _);

    [DllImport("libc.so.6", EntryPoint = "malloc_trim")]
    private static extern int MallocTrim(nuint pad);

    [DllImport("libc.so.6", EntryPoint = "mallopt")]
    private static extern int Mallopt(int option, int value);
}

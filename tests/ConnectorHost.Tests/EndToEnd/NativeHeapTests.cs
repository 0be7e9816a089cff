using System.Runtime.InteropServices;
using ConnectorHost.Composition;

namespace ConnectorHost.Tests.EndToEnd;

/// <summary>OF-2: the host gives the native heap's free pages back to the system after a heap compaction.</summary>
public sealed class NativeHeapTests
{
    private const int Block = 64 * 1024;
    private const int Blocks = 512;

    [Fact]
    [Trait("Req", "OF-2")]
    public void Free_pages_inside_the_native_heap_are_given_back_by_the_trim()
    {
        if (!OperatingSystem.IsLinux())
        {
            return; // glibc only; elsewhere the trim does nothing
        }

        // Every other block freed: 32 MB of holes between blocks still in use, which free() alone keeps resident
        // (only the top of the heap goes back by itself).
        var ones = new byte[Block];
        Array.Fill(ones, (byte)1);
        var kept = new List<nint>();
        var freed = new List<nint>();
        for (var n = 0; n < Blocks * 2; n++)
        {
            var block = Marshal.AllocHGlobal(Block); // malloc
            Marshal.Copy(ones, 0, block, Block);
            (n % 2 == 0 ? kept : freed).Add(block);
        }

        try
        {
            foreach (var block in freed)
            {
                Marshal.FreeHGlobal(block);
            }

            var before = RssAnonKb();
            NativeHeap.TrimFreeMemory();
            var after = RssAnonKb();

            (before - after).ShouldBeGreaterThan(Blocks * Block / 1024 / 2, $"RssAnon {before} kB before the trim, {after} kB after");
        }
        finally
        {
            foreach (var block in kept)
            {
                Marshal.FreeHGlobal(block);
            }
        }
    }

    private static long RssAnonKb() =>
        long.Parse(File.ReadLines("/proc/self/status").First(l => l.StartsWith("RssAnon:", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture);
}

using System.Globalization;

namespace ConnectorHost.Tests.EndToEnd;

/// <summary>
/// Counts a Linux process's glibc malloc arenas besides the main heap, from <c>/proc/PID/maps</c>: each is a 64 MB
/// region aligned to 64 MB, anonymous, its used part read-write and the rest reserved (<c>---p</c>) up to the 64 MB.
/// The .NET GC's regions are aligned too but lie in one reservation of many gigabytes, so they never end at 64 MB.
/// </summary>
internal static class MallocArenas
{
    private const long HeapMax = 64L << 20;

    public static int Of(int processId)
    {
        var maps = File.ReadLines($"/proc/{processId}/maps").Select(Mapping.Parse).ToList();
        var arenas = 0;
        for (var i = 0; i < maps.Count; i++)
        {
            var m = maps[i];
            if (!m.IsAnonymous || m.Permissions != "rw-p" || m.Start % HeapMax != 0)
            {
                continue;
            }

            var reservedToTheEnd = i + 1 < maps.Count && maps[i + 1] is { IsAnonymous: true, Permissions: "---p" } next && next.Start == m.End && next.End == m.Start + HeapMax;
            if (m.End - m.Start == HeapMax || reservedToTheEnd)
            {
                arenas++;
            }
        }

        return arenas;
    }

    private sealed record Mapping(long Start, long End, string Permissions, bool IsAnonymous)
    {
        public static Mapping Parse(string line)
        {
            var parts = line.Split(' ', 6, StringSplitOptions.RemoveEmptyEntries);
            var range = parts[0].Split('-');
            return new Mapping(
                long.Parse(range[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture),
                long.Parse(range[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture),
                parts[1],
                parts.Length < 6 || string.IsNullOrWhiteSpace(parts[5]));
        }
    }
}

using System.Diagnostics;
using System.Runtime;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ConnectorHost.Composition;

/// <summary>
/// Looks at the managed heap at the end of every pipeline run (<see cref="RunEnded"/>) and at least every
/// <see cref="Interval"/>, and compacts its old generations when <see cref="HeapCompaction"/> says so: a blocking
/// collection that gives the freed memory back to the system (tens of milliseconds at the office's heap of ~50 MB live).
/// A run's garbage dies old: the ClientOnline idle run with 10,000 pending allocates ~200 MB, and what lives through it
/// (the ledger's lists, the answers) is promoted and left in gen2 and its holes, 10-25 MB a run, beside the young
/// generation's budget the run committed (~20 MB): the GC held 60-75 MB for 15-27 MB live. Looked at as the run ends,
/// before it is reported finished, the host waits for its next run with that memory given back (OF-2), instead of
/// holding it until the next tick or the GC's next full collection.
/// </summary>
internal sealed partial class HeapCompactionService(ILogger<HeapCompactionService> logger) : BackgroundService
{
    /// <summary>How often the heap is looked at when no run ends.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    /// <summary>The running service (the long-running host has one); null in a command or a test's host.</summary>
    private static volatile HeapCompactionService? _active;

    private readonly HeapCompaction _compaction = new();
    private readonly Lock _gate = new();

    /// <summary>A pipeline run ended: its garbage is dead now, so the heap is looked at (and compacted if due) on the
    /// run's own thread, after its duration was taken. Does nothing when no service runs (a command, a test's host).</summary>
    public static void RunEnded() => _active?.CompactIfDue();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _active = this;
        using var timer = new PeriodicTimer(Interval);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                CompactIfDue();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // the host stops
        }
        finally
        {
            _active = null;
        }
    }

    private void CompactIfDue()
    {
        lock (_gate)
        {
            var before = CommittedBytes();
            var started = Stopwatch.GetTimestamp();
            if (!_compaction.IsDue(before, Stopwatch.GetElapsedTime(0, started)))
            {
                return;
            }

            // Aggressive: compacted (the large-object heap too) and the memory freed given back to the system at once;
            // a forced collection left it committed for minutes, for the GC's next budgets.
            GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
            NativeHeap.TrimFreeMemory(); // and the native heap's free pages, as seldom as the compactions (OF-2)
            var after = CommittedBytes();
            var ended = Stopwatch.GetTimestamp();
            _compaction.Compacted(after, Stopwatch.GetElapsedTime(0, ended), Stopwatch.GetElapsedTime(started, ended));
            LogCompacted(before / (1024 * 1024), after / (1024 * 1024));
        }
    }

    /// <summary>The memory the GC holds from the system, as its last collection left it: live objects, the holes between
    /// them, the garbage promoted since, and the young generation's budget.</summary>
    private static long CommittedBytes() => GC.GetGCMemoryInfo(GCKind.Any).TotalCommittedBytes;

    [LoggerMessage(Level = LogLevel.Debug, Message = "Compacted the managed heap: {Before} MB -> {After} MB committed")]
    private partial void LogCompacted(long before, long after);
}

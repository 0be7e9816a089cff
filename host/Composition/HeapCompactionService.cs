using System.Runtime;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ConnectorHost.Composition;

/// <summary>
/// Looks at the managed heap every <see cref="Interval"/> and compacts its old generations when
/// <see cref="HeapCompaction"/> says so: a blocking collection that gives the freed memory back to the system (tens of
/// milliseconds at the office's heap of ~50 MB live).
/// </summary>
internal sealed partial class HeapCompactionService(ILogger<HeapCompactionService> logger) : BackgroundService
{
    /// <summary>How often the heap is looked at.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    private readonly HeapCompaction _compaction = new();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                var before = OldGenerationsBytes();
                if (!_compaction.IsDue(before))
                {
                    continue;
                }

                // Aggressive: compacted (the large-object heap too) and the memory freed given back to the system at once;
                // a forced collection left it committed for minutes, for the GC's next budgets.
                GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
                GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
                var after = OldGenerationsBytes();
                _compaction.Compacted(after);
                LogCompacted(before / (1024 * 1024), after / (1024 * 1024));
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // the host stops
        }
    }

    private static long OldGenerationsBytes()
    {
        var generations = GC.GetGCMemoryInfo(GCKind.Any).GenerationInfo;
        return generations[2].SizeAfterBytes + generations[3].SizeAfterBytes;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Compacted the managed heap's old generations: {Before} MB -> {After} MB")]
    private partial void LogCompacted(long before, long after);
}

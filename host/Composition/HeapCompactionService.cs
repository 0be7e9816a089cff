using System.Runtime;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ConnectorHost.Composition;

/// <summary>
/// Looks at the managed heap every <see cref="Interval"/> and compacts its old generations when
/// <see cref="HeapCompaction"/> says so (a blocking collection of a few tens of milliseconds at the office's heap).
/// </summary>
internal sealed partial class HeapCompactionService(ILogger<HeapCompactionService> logger) : BackgroundService
{
    /// <summary>How often the heap is looked at.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);

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

                GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
                GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
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

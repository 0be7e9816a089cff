namespace ConnectorHost.Composition;

/// <summary>
/// When to compact the managed heap. OF-5: a call that waits 50 ms for its answer keeps its objects alive through a few
/// young collections, so they die old: in the office bench the old generation and the large-object heap grew by 30-40 MB
/// a minute of such garbage and of holes between live objects while the CaseWare Cloud sync and the queue ran at
/// distance, and the GC's background collections sweep them without giving the memory back (49 MB live, up to 133 MB
/// committed), and a host restarted on a backlog took 130 MB in its first minute. OF-2: the ClientOnline idle run with
/// 10,000 pending allocates ~200 MB and leaves the same kind of garbage at every run, with the young generation's budget
/// it committed: the GC held 60-75 MB for 15-27 MB live while the documents waited for the next run.
/// <para>This decides on a full compacting collection when the memory the GC holds from the system (committed: the young
/// generation's budget, the old generations and their holes) has grown by <see cref="Slack"/> since the last one (at
/// start, when it is that big), and the last one is at least <see cref="CostFactor"/> times its own pause ago, so that
/// these collections take at most 1/<see cref="CostFactor"/> of the host's time. The GC's own collections go on as they do.</para>
/// </summary>
internal sealed class HeapCompaction
{
    /// <summary>How much the GC's committed memory may grow between compactions: the young generation's budget here (16 MB,
    /// from the L3 cache), so that a run that allocated less than one young generation does not cost a full collection.</summary>
    public const long Slack = 16L * 1024 * 1024;

    /// <summary>A compaction follows the last one after at least this many times its pause (at most 5 % of the time).</summary>
    public const int CostFactor = 20;

    private long _committedAfterLastCompaction;
    private TimeSpan _lastPause;
    private TimeSpan? _lastCompactedAt;

    /// <summary>True when the GC's committed memory, as the last collection left it, has grown by <see cref="Slack"/> or more
    /// since the last compaction (at start: since nothing) or since it was smallest after it, and the last compaction's cost
    /// allows another.</summary>
    /// <param name="committedBytes">The GC's committed bytes after its last collection.</param>
    /// <param name="now">A monotonic clock's reading (<see cref="System.Diagnostics.Stopwatch.GetTimestamp"/>'s ticks as a TimeSpan).</param>
    public bool IsDue(long committedBytes, TimeSpan now)
    {
        if (committedBytes < _committedAfterLastCompaction)
        {
            _committedAfterLastCompaction = committedBytes; // the GC's own compaction gave memory back
        }

        if (committedBytes - _committedAfterLastCompaction < Slack)
        {
            return false;
        }

        return _lastCompactedAt is not { } last || now - last >= _lastPause * CostFactor;
    }

    /// <summary>Records what a compaction left, the baseline for the next, and what it cost.</summary>
    /// <param name="committedBytes">The GC's committed bytes after the compaction.</param>
    /// <param name="now">When it ended, on the clock of <see cref="IsDue"/>.</param>
    /// <param name="pause">How long it took.</param>
    public void Compacted(long committedBytes, TimeSpan now, TimeSpan pause)
    {
        _committedAfterLastCompaction = committedBytes;
        _lastCompactedAt = now;
        _lastPause = pause;
    }
}

namespace ConnectorHost.Composition;

/// <summary>
/// OF-5: when to compact the managed heap's old generations. A call that waits 50 ms for its answer keeps its objects
/// alive through a few young collections, so they die old: in the office bench the old generation and the large-object
/// heap grew by 30-40 MB a minute of such garbage and of holes between live objects while the CaseWare Cloud sync and
/// the queue ran at distance, and the GC's background collections sweep them without giving the memory back (49 MB
/// live, up to 133 MB committed), and a host restarted on a backlog took 130 MB in its first minute. This decides on a
/// full compacting collection when the old generations have grown by <see cref="Slack"/> since the last one (at start,
/// when they are that big); the GC's own collections go on as they do.
/// </summary>
internal sealed class HeapCompaction
{
    /// <summary>How much the old generations (gen2 and the large-object heap, holes included) may grow between compactions.</summary>
    public const long Slack = 24L * 1024 * 1024;

    private long _oldAfterLastCompaction;

    /// <summary>True when the old generations, as the last collection left them, have grown by <see cref="Slack"/> or more since
    /// the last compaction (at start: since nothing) or since they were smallest after it.</summary>
    /// <param name="oldGenerationsBytes">Gen2 plus the large-object heap after the last collection, holes included.</param>
    public bool IsDue(long oldGenerationsBytes)
    {
        if (oldGenerationsBytes < _oldAfterLastCompaction)
        {
            _oldAfterLastCompaction = oldGenerationsBytes; // the GC's own compaction gave memory back
        }

        return oldGenerationsBytes - _oldAfterLastCompaction >= Slack;
    }

    /// <summary>Records what a compaction left, the baseline for the next.</summary>
    public void Compacted(long oldGenerationsBytes) => _oldAfterLastCompaction = oldGenerationsBytes;
}

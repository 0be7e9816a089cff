namespace ConnectorHost.Pipelines;

/// <summary>
/// The calls a document pipeline has at the portal at one time: at most <c>maxInFlight</c>. Documents are read, hashed
/// and recorded in the ledger ahead of their call (up to twice as many as may call at once, see
/// <see cref="DocumentPipelineRunner"/>), so a call never waits for the ledger's commit of its own document: the
/// commit latency overlaps the calls of others, and "recorded before the call" still holds per document.
/// </summary>
internal sealed class PortalCalls(int maxInFlight)
{
    /// <summary>
    /// A document larger than this takes its call slot before it is read, so that documents read ahead of their call
    /// hold at most a few MiB; a large one is held in memory only while it can be submitted.
    /// </summary>
    public const long ReadAheadBytes = 1024 * 1024;

    private readonly SemaphoreSlim _slots = new(maxInFlight, maxInFlight);

    /// <summary>Waits for a free call slot; disposing the slot frees it (once).</summary>
    public async Task<Slot> EnterAsync(CancellationToken cancellationToken)
    {
        await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        return new Slot(_slots);
    }

    /// <summary>One call slot.</summary>
    internal sealed class Slot(SemaphoreSlim slots) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                slots.Release();
            }
        }
    }
}

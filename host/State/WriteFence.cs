namespace ConnectorHost.State;

/// <summary>
/// H-7: the fencing token of the pipeline lease under which the current work runs. While a fence is entered (it
/// flows with the work's async calls), every write transaction of the state store first checks, inside the same
/// transaction, that the lease still has this holder and token and has not run out: work that lost its lease
/// (to a host that took over) stops before its next write with <see cref="LeaseLostException"/>.
/// </summary>
public sealed class WriteFence
{
    private static readonly AsyncLocal<WriteFence?> CurrentFence = new();
    private volatile bool _lost;

    /// <summary>Creates the fence of a lease.</summary>
    /// <param name="lease">The lease held.</param>
    public WriteFence(PipelineLease lease) => Lease = lease;

    /// <summary>The fence of the work running on this async flow, if any.</summary>
    public static WriteFence? Current => CurrentFence.Value;

    /// <summary>The lease (pipeline, holder, token).</summary>
    public PipelineLease Lease { get; }

    /// <summary>Whether the lease is known to be lost (a renewal found another holder).</summary>
    public bool Lost => _lost;

    /// <summary>Makes <paramref name="fence"/> current for the calling flow and what it starts, until disposed.</summary>
    /// <param name="fence">The fence; null to write without one (the lease's own calls).</param>
    /// <returns>Restores the previous fence when disposed.</returns>
    public static IDisposable Enter(WriteFence? fence)
    {
        var previous = CurrentFence.Value;
        CurrentFence.Value = fence;
        return new Restore(previous);
    }

    /// <summary>Marks the lease lost: every later write under this fence is refused without asking the store.</summary>
    public void MarkLost() => _lost = true;

    /// <summary>Throws when the lease is known to be lost.</summary>
    /// <exception cref="LeaseLostException">The lease is lost.</exception>
    public void ThrowIfLost()
    {
        if (_lost)
        {
            throw new LeaseLostException(Lease);
        }
    }

    private sealed class Restore(WriteFence? previous) : IDisposable
    {
        public void Dispose() => CurrentFence.Value = previous;
    }
}

/// <summary>A write refused because the pipeline's lease passed to another holder (H-7).</summary>
public sealed class LeaseLostException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    public LeaseLostException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">The message.</param>
    public LeaseLostException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and cause.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public LeaseLostException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for a lost lease.</summary>
    /// <param name="lease">The lease lost.</param>
    public LeaseLostException(PipelineLease lease)
        : base($"Pipeline {lease?.Pipeline} lost its lease (token {lease?.Token}) to another host: this write was refused and the work stops; the host that holds the lease now goes on with it.")
    {
    }
}

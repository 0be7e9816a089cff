using ConnectorHost.State;
using Microsoft.Extensions.Logging;

namespace ConnectorHost.Pipelines;

/// <summary>
/// A pipeline lease this process holds while it runs the pipeline's work (H-5, H-7). A heartbeat renews it every
/// third of the lease time; when a renewal finds another holder, or the store cannot be reached until the lease would
/// have run out, the lease is lost: <see cref="Lost"/> is cancelled and the <see cref="Fence"/> refuses every later
/// write, so the work stops before its next write (the heartbeat is <see cref="LeaseHeartbeat{TLease}"/>, shared with the
/// queue's task leases). Disposing stops the heartbeat and gives the lease back.
/// </summary>
internal sealed partial class HeldPipelineLease : IAsyncDisposable
{
    private readonly IPipelineLeases _leases;
    private readonly TimeSpan _leaseTime;
    private readonly ILogger _logger;
    private readonly LeaseHeartbeat<PipelineLease> _heartbeat;

    public HeldPipelineLease(PipelineLease lease, IPipelineLeases leases, TimeSpan leaseTime, TimeProvider clock, ILogger logger)
    {
        _leases = leases;
        _leaseTime = leaseTime;
        _logger = logger;
        Fence = new WriteFence(lease);

        // The heartbeat's own writes are the lease's, not the work's: no fence flows into it.
        using (ExecutionContext.SuppressFlow())
        {
            _heartbeat = new LeaseHeartbeat<PipelineLease>(
                lease,
                leases.RenewAsync,
                leaseTime,
                clock,
                logger,
                $"Pipeline {lease.Pipeline} (lease token {lease.Token})",
                Fence.MarkLost);
        }
    }

    /// <summary>The pipeline.</summary>
    public string Pipeline => _heartbeat.Lease.Pipeline;

    /// <summary>Cancelled when the lease is lost.</summary>
    public CancellationToken Lost => _heartbeat.Lost;

    /// <summary>The write fence of the work done under this lease.</summary>
    public WriteFence Fence { get; }

    public async ValueTask DisposeAsync()
    {
        var lease = _heartbeat.Lease;
        await _heartbeat.DisposeAsync().ConfigureAwait(false);
        if (!Fence.Lost)
        {
            try
            {
                await _leases.ReleaseAsync(lease, CancellationToken.None).ConfigureAwait(false);
            }
#pragma warning disable CA1031 // a lease not given back runs out by itself; the pipeline is only delayed
            catch (Exception ex)
#pragma warning restore CA1031
            {
                LogReleaseFailed(lease.Pipeline, ex.Message, _leaseTime);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Pipeline {Pipeline}: its lease could not be given back ({Reason}); it runs out by itself within {LeaseTime}")]
    private partial void LogReleaseFailed(string pipeline, string reason, TimeSpan leaseTime);
}

using ConnectorHost.State;
using Microsoft.Extensions.Logging;

namespace ConnectorHost.Pipelines;

/// <summary>
/// A pipeline lease this process holds while it runs the pipeline's work (H-5, H-7). A heartbeat renews it every
/// third of the lease time; when a renewal finds another holder, or the store cannot be reached until the lease would
/// have run out, the lease is lost: <see cref="Lost"/> is cancelled and the <see cref="Fence"/> refuses every later
/// write, so the work stops before its next write. Disposing stops the heartbeat and gives the lease back.
/// </summary>
internal sealed partial class HeldPipelineLease : IAsyncDisposable
{
    private readonly IPipelineLeases _leases;
    private readonly TimeSpan _leaseTime;
    private readonly TimeProvider _clock;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _lost = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _heartbeat;
    private PipelineLease _lease;

    public HeldPipelineLease(PipelineLease lease, IPipelineLeases leases, TimeSpan leaseTime, TimeProvider clock, ILogger logger)
    {
        _lease = lease;
        _leases = leases;
        _leaseTime = leaseTime;
        _clock = clock;
        _logger = logger;
        Fence = new WriteFence(lease);
        using (ExecutionContext.SuppressFlow())
        {
            _heartbeat = Task.Run(HeartbeatAsync, CancellationToken.None);
        }
    }

    /// <summary>The pipeline.</summary>
    public string Pipeline => _lease.Pipeline;

    /// <summary>Cancelled when the lease is lost.</summary>
    public CancellationToken Lost => _lost.Token;

    /// <summary>The write fence of the work done under this lease.</summary>
    public WriteFence Fence { get; }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _heartbeat.ConfigureAwait(false);
        if (!Fence.Lost)
        {
            try
            {
                await _leases.ReleaseAsync(_lease, CancellationToken.None).ConfigureAwait(false);
            }
#pragma warning disable CA1031 // a lease not given back runs out by itself; the pipeline is only delayed
            catch (Exception ex)
#pragma warning restore CA1031
            {
                LogReleaseFailed(_lease.Pipeline, ex.Message, _leaseTime);
            }
        }

        _lost.Dispose();
        _stop.Dispose();
    }

    private async Task HeartbeatAsync()
    {
        var every = _leaseTime / 3;
        var heldUntil = _clock.GetTimestamp() + (long)(_leaseTime.TotalSeconds * _clock.TimestampFrequency);
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(every, _clock, _stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            var asked = _clock.GetTimestamp();
            try
            {
                var renewed = await _leases.RenewAsync(_lease, _leaseTime, _stop.Token).ConfigureAwait(false);
                if (renewed is null)
                {
                    LogLost(_lease.Pipeline, _lease.Token);
                    await LoseAsync().ConfigureAwait(false);
                    return;
                }

                _lease = renewed;
                heldUntil = asked + (long)(_leaseTime.TotalSeconds * _clock.TimestampFrequency);
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // the store is unreachable for a moment: keep trying until the lease would have run out
            catch (Exception ex)
#pragma warning restore CA1031
            {
                if (_clock.GetTimestamp() + (long)(every.TotalSeconds * _clock.TimestampFrequency) >= heldUntil)
                {
                    LogRenewalFailedTooLong(_lease.Pipeline, ex.Message);
                    await LoseAsync().ConfigureAwait(false);
                    return;
                }

                LogRenewalFailed(_lease.Pipeline, ex.Message);
            }
        }
    }

    private async Task LoseAsync()
    {
        Fence.MarkLost();
        await _lost.CancelAsync().ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Pipeline {Pipeline} lost its lease (token {Token}) to another host; its work here stops before its next write, and the host holding the lease goes on with it")]
    private partial void LogLost(string pipeline, long token);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Pipeline {Pipeline}: its lease could not be renewed ({Reason}); trying again")]
    private partial void LogRenewalFailed(string pipeline, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Pipeline {Pipeline}: its lease could not be renewed before it runs out ({Reason}); its work here stops, so that another host can take it over safely. Check the state store.")]
    private partial void LogRenewalFailedTooLong(string pipeline, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Pipeline {Pipeline}: its lease could not be given back ({Reason}); it runs out by itself within {LeaseTime}")]
    private partial void LogReleaseFailed(string pipeline, string reason, TimeSpan leaseTime);
}

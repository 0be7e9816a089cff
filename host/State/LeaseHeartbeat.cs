using Microsoft.Extensions.Logging;

namespace ConnectorHost.State;

/// <summary>
/// H-7: renews a lease every third of its time while work runs under it: a pipeline's lease
/// (<see cref="Pipelines.HeldPipelineLease"/>) or a queued task's (<see cref="Queues.QueueWork"/>), so that long work is
/// never taken over while it still runs. When a renewal is refused (the lease passed to another holder), or the store
/// cannot be reached until the lease would have run out, the lease is lost: <see cref="Lost"/> is cancelled, so the
/// work stops; its writes are refused by the store anyway (the fencing token changed). Disposing stops the heartbeat.
/// </summary>
/// <typeparam name="TLease">The lease record; a renewal returns the renewed lease, or <c>null</c> when it was lost.</typeparam>
internal sealed partial class LeaseHeartbeat<TLease> : IAsyncDisposable
    where TLease : class
{
    private readonly Func<TLease, TimeSpan, CancellationToken, Task<TLease?>> _renew;
    private readonly TimeSpan _leaseTime;
    private readonly TimeProvider _clock;
    private readonly ILogger _logger;
    private readonly string _subject;
    private readonly Action? _onLost;
    private readonly CancellationTokenSource _lost = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _beating;
    private TLease _lease;

    /// <summary>Starts the heartbeat.</summary>
    /// <param name="lease">The lease just taken.</param>
    /// <param name="renew">Renews a lease for a time; <c>null</c> when it was lost.</param>
    /// <param name="leaseTime">How long a renewal holds.</param>
    /// <param name="clock">The clock.</param>
    /// <param name="logger">Where the loss is told.</param>
    /// <param name="subject">Whose lease it is, for the log: "Pipeline certipost (token 4)".</param>
    /// <param name="onLost">Called when the lease is lost, before <see cref="Lost"/> is cancelled.</param>
    public LeaseHeartbeat(
        TLease lease, Func<TLease, TimeSpan, CancellationToken, Task<TLease?>> renew, TimeSpan leaseTime, TimeProvider clock, ILogger logger, string subject, Action? onLost = null)
    {
        _lease = lease;
        _renew = renew;
        _leaseTime = leaseTime;
        _clock = clock;
        _logger = logger;
        _subject = subject;
        _onLost = onLost;

        // The renewals run on the caller's flow: under its write fence, if it has one.
        _beating = Task.Run(BeatAsync, CancellationToken.None);
    }

    /// <summary>The lease as last renewed.</summary>
    public TLease Lease => Volatile.Read(ref _lease);

    /// <summary>Cancelled when the lease is lost.</summary>
    public CancellationToken Lost => _lost.Token;

    /// <summary>Whether the lease is lost.</summary>
    public bool IsLost => _lost.IsCancellationRequested;

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _beating.ConfigureAwait(false);
        _lost.Dispose();
        _stop.Dispose();
    }

    private long Ticks(TimeSpan span) => (long)(span.TotalSeconds * _clock.TimestampFrequency);

    private async Task BeatAsync()
    {
        var every = _leaseTime / 3;
        var heldUntil = _clock.GetTimestamp() + Ticks(_leaseTime);
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
                var renewed = await _renew(Lease, _leaseTime, _stop.Token).ConfigureAwait(false);
                if (renewed is null)
                {
                    LogLost(_subject);
                    await LoseAsync().ConfigureAwait(false);
                    return;
                }

                Volatile.Write(ref _lease, renewed);
                heldUntil = asked + Ticks(_leaseTime);
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // the store is unreachable for a moment: keep trying until the lease would have run out
            catch (Exception ex)
#pragma warning restore CA1031
            {
                if (_clock.GetTimestamp() + Ticks(every) >= heldUntil)
                {
                    LogRenewalFailedTooLong(_subject, ex.Message);
                    await LoseAsync().ConfigureAwait(false);
                    return;
                }

                LogRenewalFailed(_subject, ex.Message);
            }
        }
    }

    private async Task LoseAsync()
    {
        _onLost?.Invoke();
        await _lost.CancelAsync().ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "{Subject} lost its lease to another holder; its work here stops before its next write, and the holder of the lease goes on with it")]
    private partial void LogLost(string subject);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Subject}: its lease could not be renewed ({Reason}); trying again")]
    private partial void LogRenewalFailed(string subject, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Subject}: its lease could not be renewed before it runs out ({Reason}); its work here stops, so that another worker or host can take it over safely. Check the state store.")]
    private partial void LogRenewalFailedTooLong(string subject, string reason);
}

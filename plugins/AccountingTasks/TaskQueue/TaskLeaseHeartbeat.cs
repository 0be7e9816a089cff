using ConnectorHost.Abstractions.State;

namespace ConnectorHost.Plugins.AccountingTasks;

/// <summary>
/// H-7: renews a task's lease every third of its duration while the task runs, so that a long task is never taken
/// over by another worker or host while it still runs. When a renewal is refused (the lease was lost, for example
/// after this host hung longer than the lease), <see cref="Lost"/> is cancelled: the task's work stops, and its
/// result is not written (the store refuses writes with the old fencing token anyway).
/// </summary>
internal sealed class TaskLeaseHeartbeat : IAsyncDisposable
{
    private readonly ITaskQueue _tasks;
    private readonly TimeSpan _leaseFor;
    private readonly TimeProvider _clock;
    private readonly CancellationTokenSource _lost = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _beating;

    public TaskLeaseHeartbeat(ITaskQueue tasks, TaskLease lease, TimeSpan leaseFor, TimeProvider clock)
    {
        _tasks = tasks;
        _leaseFor = leaseFor;
        _clock = clock;
        Lease = lease;
        _beating = Task.Run(BeatAsync, CancellationToken.None);
    }

    /// <summary>The lease as last renewed.</summary>
    public TaskLease Lease { get; private set; }

    /// <summary>Cancelled when the lease was lost.</summary>
    public CancellationToken Lost => _lost.Token;

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _beating.ConfigureAwait(false);
        _lost.Dispose();
        _stop.Dispose();
    }

    private async Task BeatAsync()
    {
        while (true)
        {
            try
            {
                await Task.Delay(_leaseFor / 3, _clock, _stop.Token).ConfigureAwait(false);
                var renewed = await _tasks.RenewAsync(Lease, _leaseFor, _stop.Token).ConfigureAwait(false);
                if (renewed is null)
                {
                    await _lost.CancelAsync().ConfigureAwait(false);
                    return;
                }

                Lease = renewed;
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // the store did not answer this time: the lease still runs; the next beat tries again
            catch (Exception)
#pragma warning restore CA1031
            {
                if (_lost.IsCancellationRequested)
                {
                    return;
                }
            }
        }
    }
}

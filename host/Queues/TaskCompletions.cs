using ConnectorHost.Abstractions.State;

namespace ConnectorHost.Queues;

/// <summary>
/// Group completion: tasks that end as done while a completion is being written wait for it and are then written
/// together, in one <see cref="ITaskQueue.CompleteManyAsync"/> (one transaction where the store can). Each caller
/// hears back only after its task's end is stored. The writes run on the flow of the first caller of a group, so
/// under the pipeline's write fence (H-7) like every other write of the run.
/// </summary>
internal sealed class TaskCompletions(ITaskQueue tasks)
{
    private const int MaxBatch = 500;
    private readonly Lock _gate = new();
    private List<(TaskLease Lease, TaskCompletionSource<bool> Stored)> _waiting = [];
    private bool _writing;

    /// <summary>Marks a leased task done, together with the others that end meanwhile.</summary>
    /// <returns><c>false</c> when the lease was no longer held.</returns>
    public Task<bool> CompleteAsync(TaskLease lease)
    {
        var stored = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        bool lead;
        lock (_gate)
        {
            _waiting.Add((lease, stored));
            lead = !_writing;
            _writing = true;
        }

        if (lead)
        {
            _ = Task.Run(WriteWhileWaitingAsync, CancellationToken.None);
        }

        return stored.Task;
    }

    private async Task WriteWhileWaitingAsync()
    {
        while (true)
        {
            List<(TaskLease Lease, TaskCompletionSource<bool> Stored)> batch;
            lock (_gate)
            {
                if (_waiting.Count == 0)
                {
                    _writing = false;
                    return;
                }

                batch = _waiting.Count <= MaxBatch ? _waiting : _waiting[..MaxBatch];
                _waiting = _waiting.Count <= MaxBatch ? [] : _waiting[MaxBatch..];
            }

            try
            {
                var results = await tasks.CompleteManyAsync([.. batch.Select(b => b.Lease)], CancellationToken.None).ConfigureAwait(false);
                for (var i = 0; i < batch.Count; i++)
                {
                    batch[i].Stored.TrySetResult(results[i]);
                }
            }
#pragma warning disable CA1031 // not swallowed: every caller of the group gets the exception
            catch (Exception ex)
#pragma warning restore CA1031
            {
                foreach (var (_, stored) in batch)
                {
                    stored.TrySetException(ex);
                }
            }
        }
    }
}

namespace ConnectorHost.Pipelines;

/// <summary>
/// Runs pieces of work with at most a given number at a time. The first failure stops the starting of new work;
/// <see cref="WhenAllAsync"/> waits for what runs and throws that failure.
/// </summary>
internal sealed class BoundedWork(int maxInFlight, CancellationToken cancellationToken) : IDisposable
{
    private readonly SemaphoreSlim _slots = new(maxInFlight, maxInFlight);
    private readonly CancellationTokenSource _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
    private readonly List<Task> _running = [];
    private Exception? _failure;

    /// <summary>Waits for a free slot and starts <paramref name="work"/>.</summary>
    /// <returns><c>false</c> when earlier work failed and nothing more is started.</returns>
    public async Task<bool> StartAsync(Func<CancellationToken, Task> work)
    {
        try
        {
            await _slots.WaitAsync(_stop.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false; // stopped by a failure, which WhenAllAsync throws
        }

        _running.RemoveAll(t => t.IsCompletedSuccessfully);
        _running.Add(Task.Run(
            async () =>
            {
                try
                {
                    await work(_stop.Token).ConfigureAwait(false);
                }
                catch (Exception ex) when (!(ex is OperationCanceledException && _stop.IsCancellationRequested))
                {
                    Interlocked.CompareExchange(ref _failure, ex, null);
                    await _stop.CancelAsync().ConfigureAwait(false);
                    throw;
                }
                finally
                {
                    _slots.Release();
                }
            },
            CancellationToken.None));
        return true;
    }

    /// <summary>Waits for all started work; throws the first failure, if any.</summary>
    public async Task WhenAllAsync()
    {
        try
        {
            await Task.WhenAll(_running).ConfigureAwait(false);
        }
        catch (Exception) when (_failure is not null)
        {
            // the first failure is thrown below, not whichever task the framework picked
        }

        if (_failure is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(_failure);
        }

        cancellationToken.ThrowIfCancellationRequested();
    }

    public void Dispose()
    {
        _stop.Dispose();
        _slots.Dispose();
    }
}

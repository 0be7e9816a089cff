namespace ConnectorHost.Pipelines;

/// <summary>The scheduler's per-pipeline loop state.</summary>
internal sealed partial class PipelineScheduler
{
    /// <summary>
    /// One pipeline's loop state: the gate that prevents overlap, the wake signal, and the tokens that stop its
    /// scheduling (drain) and, after the drain timeout, its running work.
    /// </summary>
    private sealed class PipelineLoop(ScheduledPipeline pipeline) : IDisposable
    {
        private readonly SemaphoreSlim _wake = new(0, 1);
        private readonly CancellationTokenSource _stopScheduling = new();
        private readonly CancellationTokenSource _work = new();
        private CancellationTokenSource? _scheduling;

        public ScheduledPipeline Pipeline { get; } = pipeline;

        public SemaphoreSlim Gate { get; } = new(1, 1);

        /// <summary>Completes when the loop has ended (at once when it never began).</summary>
        public Task Completion { get; private set; } = Task.CompletedTask;

        /// <summary>Cancelled when the host stops or the pipeline is drained, after the timeout given.</summary>
        public CancellationToken WorkToken => _work.Token;

        /// <summary>Set once drained: whoever waited for the gate must look for the pipeline's new loop.</summary>
        public bool Retired { get; set; }

        /// <summary>Starts the loop; its work is cancelled with the scheduler's <paramref name="stoppingToken"/> (after the shutdown timeout).</summary>
        public void Begin(Func<PipelineLoop, CancellationToken, Task> loop, CancellationToken stoppingToken)
        {
            _scheduling = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, _stopScheduling.Token);
            var token = _scheduling.Token;
            Completion = Task.Run(() => loop(this, token), CancellationToken.None);
        }

        /// <summary>Begins the drain: no new run starts; running work is cancelled after <paramref name="timeout"/>.</summary>
        public void StopScheduling(TimeSpan timeout)
        {
            _stopScheduling.Cancel();
            _work.CancelAfter(timeout);
        }

        /// <summary>Cancels running work after <paramref name="timeout"/> (the host is stopping).</summary>
        public void CancelWorkAfter(TimeSpan timeout) => _work.CancelAfter(timeout);

        public void Wake()
        {
            try
            {
                if (_wake.CurrentCount == 0)
                {
                    _wake.Release();
                }
            }
            catch (SemaphoreFullException)
            {
                // already woken
            }
            catch (ObjectDisposedException)
            {
                // the host is stopping
            }
        }

        public Task WaitForWakeAsync(CancellationToken cancellationToken) => _wake.WaitAsync(cancellationToken);

        public void Dispose()
        {
            _wake.Dispose();
            Gate.Dispose();
            _scheduling?.Dispose();
            _stopScheduling.Dispose();
            _work.Dispose();
        }
    }
}

using System.Diagnostics;
using ConnectorHost.Configuration;
using Microsoft.Extensions.Logging;

namespace ConnectorHost.Pipelines;

/// <summary>A pipeline ready to run: its runner and its schedule.</summary>
/// <param name="Runner">Runs it once.</param>
/// <param name="Schedule">When.</param>
/// <param name="Plugin">The plugin its components come from, for the log.</param>
internal sealed record ScheduledPipeline(IPipelineRunner Runner, Schedule Schedule, string Plugin);

/// <summary>
/// Runs every pipeline on its schedule, each in its own loop: a pipeline never overlaps itself, a failing run is
/// logged and retried at the next run, and one pipeline's trouble never stops another. A source that watches its
/// folder wakes its pipeline early. On shutdown, waiting stops at once and running work gets
/// <see cref="HostSettings.ShutdownTimeout"/> to finish before it is cancelled (and left resumable).
/// </summary>
internal sealed partial class PipelineScheduler(
    IReadOnlyList<ScheduledPipeline> pipelines,
    PipelineStatusBoard board,
    TimeProvider clock,
    TimeSpan shutdownTimeout,
    ILogger<PipelineScheduler> logger,
    TimeSpan? retryFailedRunsAfter = null) : IPipelineGate, IDisposable
{
    private static readonly TimeSpan WakeDebounce = TimeSpan.FromMilliseconds(500);
    private readonly TimeSpan _retryFailedRunsAfter = retryFailedRunsAfter ?? TimeSpan.FromMinutes(1);
    private readonly CancellationTokenSource _work = new();
    private readonly Dictionary<string, PipelineLoop> _loops = pipelines.ToDictionary(p => p.Runner.Name, p => new PipelineLoop(p), StringComparer.Ordinal);

    /// <summary>Runs all pipelines until <paramref name="stoppingToken"/> is cancelled and running work has finished.</summary>
    /// <param name="stoppingToken">Cancelled on shutdown.</param>
    /// <returns>A task that completes when every loop has stopped.</returns>
    public async Task RunAsync(CancellationToken stoppingToken)
    {
        using var registration = stoppingToken.Register(() =>
        {
            LogStopping(shutdownTimeout);
            _work.CancelAfter(shutdownTimeout);
        });
        await Task.WhenAll(_loops.Values.Select(loop => LoopAsync(loop, stoppingToken))).ConfigureAwait(false);
    }

    /// <summary>Runs one pipeline now, outside its schedule, waiting if it is running already.</summary>
    /// <param name="name">The pipeline.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>The run's result.</returns>
    public async Task<PipelineRunResult> RunNowAsync(string name, CancellationToken cancellationToken)
    {
        if (!_loops.TryGetValue(name, out var loop))
        {
            throw new ArgumentException($"There is no pipeline '{name}'. Known: {string.Join(", ", _loops.Keys)}.", nameof(name));
        }

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _work.Token);
        return await RunGatedAsync(loop, linked.Token).ConfigureAwait(false);
    }

    /// <summary>
    /// Runs work that must not overlap the pipeline's own run (an admin command that changes state), waiting for a
    /// running run to finish first.
    /// </summary>
    /// <typeparam name="T">The work's result.</typeparam>
    /// <param name="name">The pipeline.</param>
    /// <param name="work">The work.</param>
    /// <param name="cancellationToken">Stops waiting and the work.</param>
    /// <returns>The work's result.</returns>
    public async Task<T> ExclusiveAsync<T>(string name, Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        if (!_loops.TryGetValue(name, out var loop))
        {
            return await work(cancellationToken).ConfigureAwait(false);
        }

        await loop.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await work(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            loop.Gate.Release();
        }
    }

    public void Dispose()
    {
        _work.Dispose();
        foreach (var loop in _loops.Values)
        {
            loop.Dispose();
        }
    }

    private async Task LoopAsync(PipelineLoop loop, CancellationToken stoppingToken)
    {
        var pipeline = loop.Pipeline;
        using var scope = logger.BeginScope(new Dictionary<string, object> { ["Pipeline"] = pipeline.Runner.Name, ["Plugin"] = pipeline.Plugin });
        using var watch = StartWatching(loop);
        var next = pipeline.Schedule is EverySchedule ? clock.GetUtcNow() : pipeline.Schedule.Next(clock.GetUtcNow());
        while (!stoppingToken.IsCancellationRequested && next is not null)
        {
            board.Scheduled(pipeline.Runner.Name, next);
            var woken = await WaitAsync(loop, next.Value, stoppingToken).ConfigureAwait(false);
            if (stoppingToken.IsCancellationRequested)
            {
                break;
            }

            if (woken && !await DebounceAsync(stoppingToken).ConfigureAwait(false))
            {
                break;
            }

            var result = await RunGatedAsync(loop, _work.Token).ConfigureAwait(false);
            var after = pipeline.Schedule.Next(result.StartedAt);
            var now = clock.GetUtcNow();
            next = after is null || after >= now ? after
                : pipeline.Schedule is EverySchedule ? now // the run took longer than the interval: run again now, never overlapping
                : pipeline.Schedule.Next(now);
            if (result.Outcome == RunOutcome.Failed && now + _retryFailedRunsAfter is var retry && (next is null || retry < next))
            {
                LogRetrying(pipeline.Runner.Name, retry);
                next = retry;
            }
        }

        board.Scheduled(pipeline.Runner.Name, null);
    }

    /// <summary>Lets a burst of file events settle; returns false when the host is stopping.</summary>
    private async Task<bool> DebounceAsync(CancellationToken stoppingToken)
    {
        try
        {
            await Task.Delay(WakeDebounce, clock, stoppingToken).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private IDisposable? StartWatching(PipelineLoop loop)
    {
        try
        {
            return loop.Pipeline.Runner.Watch(loop.Wake);
        }
#pragma warning disable CA1031 // a watcher is an optimisation: without it the schedule still runs
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogWatchFailed(loop.Pipeline.Runner.Name, ex.Message);
            return null;
        }
    }

    /// <summary>Waits until the next run is due or the pipeline is woken; returns whether it was woken.</summary>
    private async Task<bool> WaitAsync(PipelineLoop loop, DateTimeOffset due, CancellationToken stoppingToken)
    {
        var delay = due - clock.GetUtcNow();
        if (delay <= TimeSpan.Zero)
        {
            return false;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var timer = Task.Delay(delay, clock, timeout.Token);
        var wake = loop.WaitForWakeAsync(timeout.Token);
        var first = await Task.WhenAny(timer, wake).ConfigureAwait(false);
        await timeout.CancelAsync().ConfigureAwait(false);
        try
        {
            await Task.WhenAll(timer, wake).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // the other of the two was cancelled on purpose
        }

        return first == wake && !stoppingToken.IsCancellationRequested;
    }

    private async Task<PipelineRunResult> RunGatedAsync(PipelineLoop loop, CancellationToken workToken)
    {
        await loop.Gate.WaitAsync(workToken).ConfigureAwait(false);
        try
        {
            return await RunOnceAsync(loop.Pipeline, workToken).ConfigureAwait(false);
        }
        finally
        {
            loop.Gate.Release();
        }
    }

    private async Task<PipelineRunResult> RunOnceAsync(ScheduledPipeline pipeline, CancellationToken workToken)
    {
        var name = pipeline.Runner.Name;
        var startedAt = clock.GetUtcNow();
        var stopwatch = Stopwatch.StartNew();
        board.Started(name, startedAt);
        PipelineRunResult result;
        try
        {
            var (outcome, summary) = await pipeline.Runner.RunOnceAsync(workToken).ConfigureAwait(false);
            result = new PipelineRunResult(name, outcome, summary, startedAt, stopwatch.Elapsed);
            LogRunFinished(name, outcome, summary, stopwatch.Elapsed.TotalSeconds);
        }
        catch (OperationCanceledException) when (workToken.IsCancellationRequested)
        {
            result = new PipelineRunResult(name, RunOutcome.Cancelled, "stopped by shutdown; the work resumes at the next start", startedAt, stopwatch.Elapsed);
            LogRunCancelled(name);
        }
#pragma warning disable CA1031 // a failing run must never stop the host or other pipelines: it is logged and retried
        catch (Exception ex)
#pragma warning restore CA1031
        {
            result = new PipelineRunResult(name, RunOutcome.Failed, ex.Message, startedAt, stopwatch.Elapsed);
            LogRunFailed(ex, name, ex.Message);
        }

        Metrics.HostMetrics.PipelineRun(name, result.Outcome.ToString(), result.Duration);
        board.Finished(result, pipeline.Schedule.Next(startedAt));
        return result;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Stopping: running pipeline work gets {Timeout} to finish")]
    private partial void LogStopping(TimeSpan timeout);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Pipeline {Pipeline} cannot watch for changes ({Reason}); it runs on its schedule only")]
    private partial void LogWatchFailed(string pipeline, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Pipeline {Pipeline} run {Outcome} in {Seconds:0.0}s: {Summary}")]
    private partial void LogRunFinished(string pipeline, RunOutcome outcome, string summary, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Pipeline {Pipeline} was stopped by shutdown; its work resumes at the next start")]
    private partial void LogRunCancelled(string pipeline);

    [LoggerMessage(Level = LogLevel.Error, Message = "Pipeline {Pipeline} run failed: {Error}. It is tried again at its next run; other pipelines go on.")]
    private partial void LogRunFailed(Exception exception, string pipeline, string error);

    /// <summary>One pipeline's loop state: the gate that prevents overlap and the wake signal.</summary>
    private sealed class PipelineLoop(ScheduledPipeline pipeline) : IDisposable
    {
        private readonly SemaphoreSlim _wake = new(0, 1);

        public ScheduledPipeline Pipeline { get; } = pipeline;

        public SemaphoreSlim Gate { get; } = new(1, 1);

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
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Pipeline {Pipeline} failed; it is tried again at {Retry} (host.retryFailedRunsAfter), before its regular time")]
    private partial void LogRetrying(string pipeline, DateTimeOffset retry);
}

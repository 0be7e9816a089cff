using System.Diagnostics;
using ConnectorHost.Configuration;
using Microsoft.Extensions.Logging;

namespace ConnectorHost.Pipelines;

/// <summary>A pipeline ready to run: its runner and its schedule.</summary>
/// <param name="Runner">Runs it once.</param>
/// <param name="Schedule">When.</param>
/// <param name="Plugin">The plugin its components come from, for the log.</param>
internal sealed record ScheduledPipeline(IPipelineRunner Runner, Schedule Schedule, string Plugin)
{
    /// <summary>Whether the other pipelines' first runs wait for this one's first run (<c>startFirst</c>).</summary>
    public bool StartFirst { get; init; }
}

/// <summary>
/// Runs every pipeline on its schedule, each in its own loop: a pipeline never overlaps itself, a failing run is
/// logged and retried at the next run, and one pipeline's trouble never stops another. A source that watches its
/// folder wakes its pipeline early. On shutdown, waiting stops at once and running work gets
/// <see cref="HostSettings.ShutdownTimeout"/> to finish before it is cancelled (and left resumable).
/// Pipelines can be added (<see cref="Start"/>) and drained away (<see cref="DrainAsync"/>) while it runs; the
/// <see cref="PipelineSupervisor"/> decides which.
/// With <see cref="PipelineLeaseKeeper">leases</see> (H-5, H-6), every run and every exclusive work holds the
/// pipeline's lease in the state store: a scheduled run finding the pipeline running on another host stands by and
/// tries again when that lease would run out; Run now and admin commands wait for it.
/// </summary>
internal sealed partial class PipelineScheduler(
    IReadOnlyList<ScheduledPipeline> pipelines,
    PipelineStatusBoard board,
    TimeProvider clock,
    TimeSpan shutdownTimeout,
    ILogger<PipelineScheduler> logger,
    TimeSpan? retryFailedRunsAfter = null,
    PipelineLeaseKeeper? leases = null,
    TimeSpan? runTimeout = null) : IPipelineGate, IDisposable
{
    /// <summary>How long the other pipelines' first runs wait for those marked <c>startFirst</c>.</summary>
    internal static readonly TimeSpan StartFirstWait = TimeSpan.FromMinutes(1);

    private readonly TimeSpan _runTimeout = runTimeout ?? TimeSpan.FromHours(1);
    private readonly TaskCompletionSource _firstOnesRan = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly HashSet<PipelineLoop> _firstOnes = [];
    private int _firstOnesLeft;
    private static readonly TimeSpan WakeDebounce = TimeSpan.FromMilliseconds(500);
    private readonly TimeSpan _retryFailedRunsAfter = retryFailedRunsAfter ?? TimeSpan.FromMinutes(1);
    private readonly Lock _loopsGate = new();
    private readonly Dictionary<string, PipelineLoop> _loops = pipelines.ToDictionary(p => p.Runner.Name, p => new PipelineLoop(p), StringComparer.Ordinal);
    private CancellationToken _stopping = new(canceled: true);
    private bool _running;

    /// <summary>The pipelines it runs now, by name.</summary>
    public IReadOnlyCollection<string> PipelineNames
    {
        get
        {
            lock (_loopsGate)
            {
                return [.. _loops.Keys];
            }
        }
    }

    /// <summary>
    /// Runs all pipelines, and those started later, until <paramref name="stoppingToken"/> is cancelled and running
    /// work has finished.
    /// </summary>
    /// <param name="stoppingToken">Cancelled on shutdown.</param>
    /// <returns>A task that completes when every loop has stopped.</returns>
    public async Task RunAsync(CancellationToken stoppingToken)
    {
        using var registration = stoppingToken.Register(() =>
        {
            LogStopping(shutdownTimeout);
            lock (_loopsGate)
            {
                foreach (var loop in _loops.Values)
                {
                    loop.CancelWorkAfter(shutdownTimeout);
                }
            }
        });
        lock (_loopsGate)
        {
            _stopping = stoppingToken;
            _running = true;
            // Only an 'every' pipeline runs at once at start; a cron or manual one is not waited for.
            _firstOnes.UnionWith(_loops.Values.Where(l => l.Pipeline.StartFirst && l.Pipeline.Schedule is EverySchedule));
            _firstOnesLeft = _firstOnes.Count;
            if (_firstOnesLeft == 0)
            {
                _firstOnesRan.TrySetResult();
            }

            foreach (var loop in _loops.Values)
            {
                loop.Begin(LoopAsync, stoppingToken);
            }
        }

        try
        {
            await Task.Delay(Timeout.Infinite, stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // the host is stopping: every loop ends after its running work
        }

        List<PipelineLoop> loops;
        lock (_loopsGate)
        {
            _running = false;
            loops = [.. _loops.Values];
        }

        await Task.WhenAll(loops.Select(loop => loop.Completion)).ConfigureAwait(false);
    }

    /// <summary>Adds a pipeline and, when the scheduler runs, starts its loop at once.</summary>
    /// <param name="pipeline">The pipeline; its name must not be running already.</param>
    /// <exception cref="InvalidOperationException">A pipeline of that name runs already: drain it first.</exception>
    public void Start(ScheduledPipeline pipeline)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        lock (_loopsGate)
        {
            if (_loops.ContainsKey(pipeline.Runner.Name))
            {
                throw new InvalidOperationException($"Pipeline {pipeline.Runner.Name} runs already; drain it before starting it again.");
            }

            var loop = new PipelineLoop(pipeline);
            _loops[pipeline.Runner.Name] = loop;
            if (_running)
            {
                loop.Begin(LoopAsync, _stopping);
            }
        }
    }

    /// <summary>
    /// Drains one pipeline and takes it out: it stops waiting for its next run at once; a run, a Run now or an admin
    /// command going on is allowed to finish within <paramref name="drainTimeout"/> (then cancelled, and left
    /// resumable as on shutdown). When this returns, nothing of the pipeline runs any more and its components may be
    /// disposed. Unknown names are ignored.
    /// </summary>
    /// <param name="name">The pipeline.</param>
    /// <param name="drainTimeout">How long running work may take; <see cref="HostSettings.ShutdownTimeout"/> when null.</param>
    /// <returns>Whether the pipeline was running here.</returns>
    public async Task<bool> DrainAsync(string name, TimeSpan? drainTimeout = null)
    {
        PipelineLoop? loop;
        lock (_loopsGate)
        {
            _loops.TryGetValue(name, out loop);
        }

        if (loop is null)
        {
            return false;
        }

        LogDraining(name, drainTimeout ?? shutdownTimeout);
        loop.StopScheduling(drainTimeout ?? shutdownTimeout);
        await loop.Completion.ConfigureAwait(false);
        await loop.Gate.WaitAsync(CancellationToken.None).ConfigureAwait(false); // a Run now or an admin command in progress
        lock (_loopsGate)
        {
            loop.Retired = true;
            if (_loops.TryGetValue(name, out var current) && ReferenceEquals(current, loop))
            {
                _loops.Remove(name);
            }
        }

        loop.Gate.Release(); // callers that waited meanwhile see Retired and go to the pipeline's new loop, if any
        board.Forget(name);
        return true;
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
        var loop = await AcquireAsync(name, cancellationToken).ConfigureAwait(false);
        if (loop is null)
        {
            return await LeasedAsync(name, work, cancellationToken).ConfigureAwait(false);
        }

        try
        {
            return await LeasedAsync(name, work, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            loop.Gate.Release();
        }
    }

    /// <summary>Runs work under the pipeline's lease (waiting for it) when leases are kept, else as it is.</summary>
    private Task<T> LeasedAsync<T>(string name, Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken) =>
        leases is null ? work(cancellationToken) : leases.RunLeasedAsync(name, work, cancellationToken);

    public void Dispose()
    {
        lock (_loopsGate)
        {
            foreach (var loop in _loops.Values)
            {
                loop.Dispose();
            }
        }
    }

    /// <summary>Takes the gate of the pipeline's current loop; null when no pipeline of that name runs.</summary>
    private async Task<PipelineLoop?> AcquireAsync(string name, CancellationToken cancellationToken)
    {
        while (true)
        {
            PipelineLoop? loop;
            lock (_loopsGate)
            {
                _loops.TryGetValue(name, out loop);
            }

            if (loop is null)
            {
                return null;
            }

            await loop.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            if (!loop.Retired)
            {
                return loop;
            }

            loop.Gate.Release(); // drained meanwhile: look for its successor
        }
    }

    private async Task LoopAsync(PipelineLoop loop, CancellationToken stoppingToken)
    {
        var pipeline = loop.Pipeline;
        using var scope = logger.BeginScope(new Dictionary<string, object> { ["Pipeline"] = pipeline.Runner.Name, ["Plugin"] = pipeline.Plugin });
        using var watch = StartWatching(loop);
        var next = pipeline.Schedule is EverySchedule ? clock.GetUtcNow() : pipeline.Schedule.Next(clock.GetUtcNow());
        DateTimeOffset? standingBy = null; // the cron occurrence waiting for another host's lease
        bool firstOne;
        lock (_loopsGate)
        {
            firstOne = _firstOnes.Contains(loop);
        }

        if (!firstOne && next is not null && !_firstOnesRan.Task.IsCompleted)
        {
            board.Scheduled(pipeline.Runner.Name, next);
            await WaitForFirstOnesAsync(pipeline.Runner.Name, stoppingToken).ConfigureAwait(false);
        }

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

            var occurrence = pipeline.Schedule is EverySchedule || woken ? null : standingBy ?? next;
            var (stopped, result, refused) = await RunGatedAsync(loop, occurrence, stoppingToken).ConfigureAwait(false);
            if (firstOne)
            {
                firstOne = false;
                if (Interlocked.Decrement(ref _firstOnesLeft) == 0)
                {
                    _firstOnesRan.TrySetResult(); // whatever its outcome: the others' runs report their own trouble
                }
            }

            if (stopped)
            {
                break; // stopped or drained while waiting for a Run now or an admin command to finish
            }

            if (refused is not null)
            {
                (next, standingBy) = StandBy(pipeline, refused, occurrence);
                continue;
            }

            standingBy = null;
            if (result is null)
            {
                break;
            }

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

    /// <summary>
    /// Waits for the first runs of the pipelines marked <c>startFirst</c> (a local service the others call, such as the
    /// demo's sandboxes), at most <see cref="StartFirstWait"/>; then runs anyway and says so.
    /// </summary>
    private async Task WaitForFirstOnesAsync(string name, CancellationToken stoppingToken)
    {
        try
        {
            await _firstOnesRan.Task.WaitAsync(StartFirstWait, clock, stoppingToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            LogFirstOnesLate(name, StartFirstWait);
        }
        catch (OperationCanceledException)
        {
            // the host is stopping
        }
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

    private async Task<PipelineRunResult> RunOnceAsync(ScheduledPipeline pipeline, CancellationToken workToken, HeldPipelineLease? lease = null)
    {
        var name = pipeline.Runner.Name;
        var startedAt = clock.GetUtcNow();
        var stopwatch = Stopwatch.StartNew();
        board.Started(name, startedAt);
        PipelineRunResult result;
        CancellationTokenSource? run = CancellationTokenSource.CreateLinkedTokenSource(workToken);
        var runToken = run.Token;
        var work = lease is null
            ? pipeline.Runner.RunOnceAsync(runToken)
            : PipelineLeaseKeeper.RunUnderAsync(lease, token => pipeline.Runner.RunOnceAsync(token), runToken);
        try
        {
            // Not cancelled by the token: on shutdown the work is cancelled and awaited as before; only a run past
            // its deadline is left behind (FH-1).
            var (outcome, summary) = await work.WaitAsync(_runTimeout, clock).ConfigureAwait(false);
            result = new PipelineRunResult(name, outcome, summary, startedAt, stopwatch.Elapsed);
            LogRunFinished(name, outcome, summary, stopwatch.Elapsed.TotalSeconds);
        }
        catch (TimeoutException) when (!work.IsCompleted)
        {
            var hung = $"hung: the run started at {startedAt:yyyy-MM-dd HH:mm:ss} UTC did not finish within runTimeout ({_runTimeout}); it was cancelled and left behind (a read or a call that never returns: a network share that stopped answering?), and the next run starts as usual";
            result = new PipelineRunResult(name, RunOutcome.Failed, hung, startedAt, stopwatch.Elapsed) { Unavailable = hung };
            LogRunHung(name, startedAt, _runTimeout);
            await run!.CancelAsync().ConfigureAwait(false);
            _ = work.ContinueWith(
                (t, state) =>
                {
                    ((CancellationTokenSource)state!).Dispose();
                    LogHungRunEnded(name, t.Status.ToString(), t.Exception?.GetBaseException().Message ?? string.Empty);
                },
                run,
                CancellationToken.None,
                TaskContinuationOptions.None,
                TaskScheduler.Default);
            run = null;
        }
        catch (ConnectorHost.Abstractions.Documents.DocumentSourceUnavailableException ex)
        {
            result = new PipelineRunResult(name, RunOutcome.Failed, ex.Message, startedAt, stopwatch.Elapsed) { Unavailable = ex.Message };
            LogSourceUnavailable(name, ex.Message);
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
            if (DiskFull.Is(ex))
            {
                LogRunFailedDiskFull(name, ex.Message); // one line a run while the disk stays full, no stack trace
            }
            else
            {
                LogRunFailed(ex, name, ex.Message);
            }
        }

        run?.Dispose();
        Composition.HeapCompactionService.RunEnded(); // the run's garbage given back before it is reported finished (OF-2)
        Metrics.HostMetrics.PipelineRun(name, result.Outcome.ToString(), result.Duration);
        board.Finished(result, pipeline.Schedule.Next(startedAt));
        return result;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Pipeline {Pipeline} is draining: no new run starts, running work gets {Timeout} to finish")]
    private partial void LogDraining(string pipeline, TimeSpan timeout);

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

    [LoggerMessage(Level = LogLevel.Error, Message = "Pipeline {Pipeline}: the run started at {StartedAt:u} is hung: it did not finish within runTimeout ({Timeout}). It is cancelled and left behind, /healthz reports the pipeline degraded, and the next run starts as usual. If this repeats, look for a network share or a service that stopped answering.")]
    private partial void LogRunHung(string pipeline, DateTimeOffset startedAt, TimeSpan timeout);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Pipeline {Pipeline}: the run that hung has ended after all ({Status}) {Error}")]
    private partial void LogHungRunEnded(string pipeline, string status, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Pipeline {Pipeline} run failed: {Error}. The rest of its work was done; /healthz reports it degraded until the run succeeds.")]
    private partial void LogSourceUnavailable(string pipeline, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Pipeline {Pipeline} run failed because the disk is full ({Error}). Free space on the disk of the data folder and of the pipeline's folders; the run is tried again at its next run, nothing is lost")]
    private partial void LogRunFailedDiskFull(string pipeline, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Pipeline {Pipeline} waited {Wait} for the first runs of the pipelines marked startFirst and runs without them; look at those pipelines' runs (a sandbox that cannot start?)")]
    private partial void LogFirstOnesLate(string pipeline, TimeSpan wait);

    [LoggerMessage(Level = LogLevel.Information, Message = "Pipeline {Pipeline} failed; it is tried again at {Retry} (host.retryFailedRunsAfter), before its regular time")]
    private partial void LogRetrying(string pipeline, DateTimeOffset retry);
}

using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;
using System.Threading.Channels;
using ConnectorHost.Abstractions.Queues;
using ConnectorHost.Abstractions.State;
using ConnectorHost.Abstractions.Sync;
using ConnectorHost.State;
using Microsoft.Extensions.Logging;

namespace ConnectorHost.Queues;

/// <summary>
/// The working part of one run of a queue. One store loop writes, per round and in one call
/// (<see cref="ITaskQueue.CompleteAndClaimAsync"/>, one transaction where the store can), the tasks done since the last
/// round and claims as many tasks as workers are free (never more, so a task is not held while another host could run
/// it); <see cref="QueueSettings.Workers"/> workers run the claimed tasks through the handler. A retry after the
/// back-off, or a failure (the dossier blocked with an instruction), is written by its worker at once. Every claimed
/// task has a heartbeat (<see cref="LeaseHeartbeat{TLease}"/>) from its claim to its end; a task whose lease was lost
/// is stopped and its result is not written. The run ends when nothing can be claimed and nothing runs.
/// </summary>
internal sealed partial class QueueWork(
    ITaskQueue tasks,
    IQueueTaskHandler handler,
    QueueSettings settings,
    string queue,
    string worker,
    TimeProvider clock,
    ILogger logger,
    QueueRunCounts counts,
    UnreportedTasks unreported)
{
    private readonly Lock _gate = new();
    private readonly ConcurrentBag<Task> _afterDone = [];
    private List<(Held Held, TaskCompletionSource<bool> Stored)> _done = [];
    private TaskCompletionSource _wake = NewSignal();
    private int _inFlight;
    private Exception? _failure;

    /// <summary>Runs until nothing can run now, a handler stops the run, or shutdown.</summary>
    /// <exception cref="OperationCanceledException">Shutdown: the tasks not finished were given back.</exception>
    public async Task RunAsync(CancellationToken shutdown)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(shutdown);
        var ready = Channel.CreateUnbounded<Held>(new UnboundedChannelOptions { SingleWriter = true });
        var workers = Enumerable.Range(0, settings.Workers).Select(_ => Task.Run(() => WorkAsync(ready.Reader, stop), CancellationToken.None)).ToArray();
        try
        {
            await StoreLoopAsync(ready.Writer, stop.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Shutdown or a stopped run: the workers give back what was claimed and not run.
        }
#pragma warning disable CA1031 // not swallowed: kept, the workers stop, and it is thrown at the end of the run
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Fail(ex);
            await stop.CancelAsync().ConfigureAwait(false);
        }
        finally
        {
            ready.Writer.Complete();
        }

        await Task.WhenAll(workers).ConfigureAwait(false);
        await FlushDoneAsync().ConfigureAwait(false); // what the workers finished after the loop stopped
        await Task.WhenAll(_afterDone).ConfigureAwait(false);
        if (_failure is { } failure)
        {
            ExceptionDispatchInfo.Throw(failure);
        }

        shutdown.ThrowIfCancellationRequested();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private void Fail(Exception ex) => Interlocked.CompareExchange(ref _failure, ex, null);

    private void Wake() => Interlocked.Exchange(ref _wake, NewSignal()).TrySetResult();

    /// <summary>Each round: the tasks done since the last round are stored and free workers get new tasks, in one write.</summary>
    private async Task StoreLoopAsync(ChannelWriter<Held> ready, CancellationToken stop)
    {
        while (true)
        {
            stop.ThrowIfCancellationRequested();
            var woken = Volatile.Read(ref _wake).Task; // before the round: an end after it wakes the wait below
            List<(Held Held, TaskCompletionSource<bool> Stored)> done;
            int free;
            lock (_gate)
            {
                (done, _done) = (_done, []);
                free = settings.Workers - _inFlight + done.Count;
            }

            if (done.Count == 0 && free == 0)
            {
                await woken.WaitAsync(stop).ConfigureAwait(false);
                continue;
            }

            IReadOnlyList<bool> stored;
            IReadOnlyList<TaskLease> claimed;
            try
            {
                // Not cancelled half-way: tasks done must be stored, or they would run again.
                (stored, claimed) = free == 0
                    ? (await tasks.CompleteManyAsync([.. done.Select(d => d.Held.Heartbeat.Lease)], CancellationToken.None).ConfigureAwait(false), [])
                    : await tasks.CompleteAndClaimAsync([.. done.Select(d => d.Held.Heartbeat.Lease)], queue, worker, settings.LeaseDuration, free, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                Ended(done, ex);
                throw;
            }

            Ended(done, stored);
            lock (_gate)
            {
                _inFlight += claimed.Count;
            }

            foreach (var lease in claimed)
            {
                ready.TryWrite(new Held(lease, new LeaseHeartbeat<TaskLease>(
                    lease, tasks.RenewAsync, settings.LeaseDuration, clock, logger, $"Task {lease.Task.ExternalId} of dossier {lease.Task.Dossier} (queue {queue})")));
            }

            if (claimed.Count == 0)
            {
                lock (_gate)
                {
                    if (_inFlight == 0 && _done.Count == 0)
                    {
                        return;
                    }
                }

                await woken.WaitAsync(stop).ConfigureAwait(false);
            }
        }
    }

    private async Task FlushDoneAsync()
    {
        List<(Held Held, TaskCompletionSource<bool> Stored)> done;
        lock (_gate)
        {
            (done, _done) = (_done, []);
        }

        if (done.Count == 0)
        {
            return;
        }

        try
        {
            Ended(done, await tasks.CompleteManyAsync([.. done.Select(d => d.Held.Heartbeat.Lease)], CancellationToken.None).ConfigureAwait(false));
        }
#pragma warning disable CA1031 // not swallowed: each waiting task and the run get it
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Fail(ex);
            Ended(done, ex);
        }
    }

    private void Ended(List<(Held Held, TaskCompletionSource<bool> Stored)> done, IReadOnlyList<bool> stored)
    {
        lock (_gate)
        {
            _inFlight -= done.Count;
        }

        for (var i = 0; i < done.Count; i++)
        {
            done[i].Stored.TrySetResult(stored[i]);
        }
    }

    private void Ended(List<(Held Held, TaskCompletionSource<bool> Stored)> done, Exception ex)
    {
        lock (_gate)
        {
            _inFlight -= done.Count;
        }

        foreach (var (_, stored) in done)
        {
            stored.TrySetException(ex);
        }
    }

    private async Task WorkAsync(ChannelReader<Held> ready, CancellationTokenSource stop)
    {
        await foreach (var held in ready.ReadAllAsync(CancellationToken.None).ConfigureAwait(false))
        {
            using (logger.BeginScope(new Dictionary<string, object> { ["Dossier"] = held.Task.Dossier, ["Task"] = held.Task.ExternalId }))
            {
                if (stop.IsCancellationRequested)
                {
                    await GiveBackAsync(held, "not started: the run stopped").ConfigureAwait(false);
                    continue;
                }

                try
                {
                    await RunOneAsync(held, stop).ConfigureAwait(false);
                }
#pragma warning disable CA1031 // not swallowed: the run stops and throws it at its end; the task is given back
                catch (Exception ex)
#pragma warning restore CA1031
                {
                    Interlocked.CompareExchange(ref _failure, ex, null);
                    await stop.CancelAsync().ConfigureAwait(false);
                    await GiveBackAsync(held, $"the run failed: {ex.Message}").ConfigureAwait(false);
                }
            }
        }
    }

    private async Task RunOneAsync(Held held, CancellationTokenSource stop)
    {
        QueueTaskResult result;
        using (var running = CancellationTokenSource.CreateLinkedTokenSource(stop.Token, held.Heartbeat.Lost))
        {
            try
            {
                result = await handler.RunAsync(held.Task, running.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (held.Heartbeat.IsLost && !stop.IsCancellationRequested)
            {
                LogLeaseLost(held.Task.ExternalId, held.Task.Dossier);
                await EndAsync(held).ConfigureAwait(false);
                return;
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                // Shutdown or a stopped run: give the task back at once, so that the next start (or another host) runs it.
                await GiveBackAsync(held, "stopped by shutdown").ConfigureAwait(false);
                return;
            }
        }

        switch (result.Kind)
        {
            case QueueTaskResultKind.Done:
                var stored = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
                lock (_gate)
                {
                    _done.Add((held, stored));
                }

                _afterDone.Add(AfterDoneAsync(held, stored.Task));
                Wake();
                return;

            case QueueTaskResultKind.RetryLater when held.Task.Attempts <= settings.MaxTransientRetries:
                var notBefore = clock.GetUtcNow() + QueueBackOff.After(held.Task.Attempts, settings);
                if (await tasks.RetryLaterAsync(held.Heartbeat.Lease, notBefore, result.Reason, CancellationToken.None).ConfigureAwait(false))
                {
                    Interlocked.Increment(ref counts.Retried);
                    LogRetry(held.Task.ExternalId, held.Task.Dossier, result.Reason, notBefore);
                }
                else
                {
                    LogLeaseLost(held.Task.ExternalId, held.Task.Dossier);
                }

                await EndAsync(held).ConfigureAwait(false);
                return;

            case QueueTaskResultKind.StopRun:
                // Nothing can run: give the task back untouched and stop the run.
                counts.StopMessage = result.Reason;
                LogStopped(queue, result.Reason);
                await stop.CancelAsync().ConfigureAwait(false);
                await GiveBackAsync(held, result.Reason).ConfigureAwait(false);
                return;

            default:
                await FailAsync(held, result.Instruction ?? throw new InvalidOperationException(
                    $"Queue {queue}: the handler's result {result.Kind} for task {held.Task.ExternalId} has no instruction.")).ConfigureAwait(false);
                return;
        }
    }

    /// <summary>After the store loop stored a done task: its heartbeat stops, and the origin is told.</summary>
    private async Task AfterDoneAsync(Held held, Task<bool> stored)
    {
        bool stillHeld;
        try
        {
            stillHeld = await stored.ConfigureAwait(false);
        }
        finally
        {
            await held.Heartbeat.DisposeAsync().ConfigureAwait(false);
        }

        if (!stillHeld)
        {
            LogLeaseLost(held.Task.ExternalId, held.Task.Dossier);
            return;
        }

        Interlocked.Increment(ref counts.Done);
        await unreported.ReportAsync(held.Task, new QueueTaskReport(QueuedTaskStatus.Done), CancellationToken.None).ConfigureAwait(false);
    }

    private async Task FailAsync(Held held, Instruction instruction)
    {
        long? instructionId;
        try
        {
            instructionId = await tasks.FailAndBlockAsync(held.Heartbeat.Lease, instruction, CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            await EndAsync(held).ConfigureAwait(false);
        }

        if (instructionId is null)
        {
            LogLeaseLost(held.Task.ExternalId, held.Task.Dossier);
            return;
        }

        Interlocked.Increment(ref counts.Failed);
        LogFailed(held.Task.ExternalId, held.Task.Dossier, instruction.Severity, instruction.Cause, instruction.Text);
        await unreported.ReportAsync(held.Task, new QueueTaskReport(QueuedTaskStatus.Failed, instruction), CancellationToken.None).ConfigureAwait(false);
    }

    private async Task GiveBackAsync(Held held, string reason)
    {
        try
        {
            if (!held.Heartbeat.IsLost)
            {
                await tasks.RetryLaterAsync(held.Heartbeat.Lease, clock.GetUtcNow(), reason, CancellationToken.None).ConfigureAwait(false);
            }
        }
        finally
        {
            await EndAsync(held).ConfigureAwait(false);
        }
    }

    /// <summary>The task's end is stored by its worker (or it was lost): its heartbeat stops, its worker slot is free, the store loop wakes.</summary>
    private async Task EndAsync(Held held)
    {
        await held.Heartbeat.DisposeAsync().ConfigureAwait(false);
        lock (_gate)
        {
            _inFlight--;
        }

        Wake();
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Queue {Queue} stopped: {Message} The tasks stay where they are.")]
    private partial void LogStopped(string queue, string message);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Task {Task} of dossier {Dossier}: the lease was lost to another worker; its result is ignored.")]
    private partial void LogLeaseLost(string task, string dossier);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Task {Task} of dossier {Dossier} hit a passing failure: {Reason}. It is tried again from {NotBefore}.")]
    private partial void LogRetry(string task, string dossier, string reason, DateTimeOffset notBefore);

    [LoggerMessage(Level = LogLevel.Error, Message = "Task {Task} failed; dossier {Dossier} is blocked until the instruction is resolved ({Severity}, {Cause}): {Instruction}")]
    private partial void LogFailed(string task, string dossier, InstructionSeverity severity, string cause, string instruction);

    /// <summary>A claimed task and the heartbeat of its lease.</summary>
    private sealed record Held(TaskLease Lease, LeaseHeartbeat<TaskLease> Heartbeat)
    {
        public QueuedTask Task => Lease.Task;
    }
}

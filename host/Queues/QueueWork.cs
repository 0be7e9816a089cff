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
/// The working part of one run of a queue: claims what can run now, in batches of as many tasks as workers are free
/// (never more, so a task is not held while another host could run it), lets <see cref="QueueSettings.Workers"/>
/// workers run them through the handler, and stores each end: done (in groups, <see cref="TaskCompletions"/>), retry
/// after the back-off, or failed with the dossier blocked and an instruction. Every claimed task has a heartbeat
/// (<see cref="LeaseHeartbeat{TLease}"/>) from its claim to its end; a task whose lease was lost is stopped and its
/// result is not written. The run ends when nothing can be claimed and nothing runs: a dossier's next task is claimed
/// as soon as the previous one's end is stored.
/// </summary>
internal sealed partial class QueueWork(
    ITaskQueue tasks,
    IQueueTaskHandler handler,
    QueueSettings settings,
    string queue,
    string worker,
    TimeProvider clock,
    ILogger logger,
    QueueRunCounts counts)
{
    private readonly TaskCompletions _completions = new(tasks);
    private readonly SemaphoreSlim _free = new(settings.Workers, settings.Workers);
    private readonly ConcurrentBag<Task> _afterDone = [];
    private TaskCompletionSource _ended = NewSignal();
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
            await ClaimAsync(ready.Writer, stop.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Shutdown or a stopped run: the workers give back what was claimed and not run.
        }
#pragma warning disable CA1031 // not swallowed: kept, the workers stop, and it is thrown at the end of the run
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Interlocked.CompareExchange(ref _failure, ex, null);
            await stop.CancelAsync().ConfigureAwait(false);
        }
        finally
        {
            ready.Writer.Complete();
        }

        await Task.WhenAll(workers).ConfigureAwait(false);
        await Task.WhenAll(_afterDone).ConfigureAwait(false);
        _free.Dispose();
        if (_failure is { } failure)
        {
            ExceptionDispatchInfo.Throw(failure);
        }

        shutdown.ThrowIfCancellationRequested();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private async Task ClaimAsync(ChannelWriter<Held> ready, CancellationToken stop)
    {
        while (true)
        {
            await _free.WaitAsync(stop).ConfigureAwait(false);
            var wanted = 1;
            while (wanted < settings.Workers && _free.Wait(0))
            {
                wanted++;
            }

            var ended = Volatile.Read(ref _ended).Task; // before the claim: an end after it wakes the wait below
            IReadOnlyList<TaskLease> leases;
            try
            {
                leases = await tasks.ClaimManyAsync(queue, worker, settings.LeaseDuration, wanted, stop).ConfigureAwait(false);
            }
            catch
            {
                _free.Release(wanted);
                throw;
            }

            if (leases.Count < wanted)
            {
                _free.Release(wanted - leases.Count);
            }

            foreach (var lease in leases)
            {
                Interlocked.Increment(ref _inFlight);
                ready.TryWrite(new Held(lease, new LeaseHeartbeat<TaskLease>(
                    lease, tasks.RenewAsync, settings.LeaseDuration, clock, logger, $"Task {lease.Task.ExternalId} of dossier {lease.Task.Dossier} (queue {queue})")));
            }

            if (leases.Count == 0)
            {
                if (Volatile.Read(ref _inFlight) == 0 && !ended.IsCompleted)
                {
                    return;
                }

                await ended.WaitAsync(stop).ConfigureAwait(false);
            }
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
                _afterDone.Add(CompleteAsync(held));
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

    private async Task CompleteAsync(Held held)
    {
        bool stored;
        try
        {
            stored = await _completions.CompleteAsync(held.Heartbeat.Lease).ConfigureAwait(false);
        }
        finally
        {
            await EndAsync(held).ConfigureAwait(false);
        }

        if (!stored)
        {
            LogLeaseLost(held.Task.ExternalId, held.Task.Dossier);
            return;
        }

        Interlocked.Increment(ref counts.Done);
        await QueueReports.ReportAsync(handler, held.Task, new QueueTaskReport(QueuedTaskStatus.Done), logger, CancellationToken.None).ConfigureAwait(false);
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
        await QueueReports.ReportAsync(handler, held.Task, new QueueTaskReport(QueuedTaskStatus.Failed, instruction), logger, CancellationToken.None).ConfigureAwait(false);
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

    /// <summary>The task's end is stored (or it was lost): its heartbeat stops, its worker slot is free, the claim wakes.</summary>
    private async Task EndAsync(Held held)
    {
        await held.Heartbeat.DisposeAsync().ConfigureAwait(false);
        Interlocked.Exchange(ref _ended, NewSignal()).TrySetResult();
        Interlocked.Decrement(ref _inFlight);
        _free.Release();
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

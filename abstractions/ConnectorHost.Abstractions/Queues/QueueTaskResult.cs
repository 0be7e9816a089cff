using ConnectorHost.Abstractions.Sync;

namespace ConnectorHost.Abstractions.Queues;

/// <summary>How one run of a queued task ended (<see cref="IQueueTaskHandler.RunAsync"/>).</summary>
/// <param name="Kind">Done, retry later, failed, or stop the run.</param>
/// <param name="Reason">What happened, for the log and the task's last error.</param>
/// <param name="Instruction">
/// For <see cref="QueueTaskResultKind.Failed"/>: what a person must do. For <see cref="QueueTaskResultKind.RetryLater"/>:
/// the instruction used when the task's passing failures outlast <see cref="QueueSettings.MaxTransientRetries"/>.
/// </param>
public sealed record QueueTaskResult(QueueTaskResultKind Kind, string Reason, Instruction? Instruction)
{
    /// <summary>The task is done.</summary>
    /// <returns>The result.</returns>
    public static QueueTaskResult Done() => new(QueueTaskResultKind.Done, "done", null);

    /// <summary>
    /// A passing failure (the service was not available): the task waits and is tried again after a back-off, still
    /// first of its dossier; when it has failed so more than <see cref="QueueSettings.MaxTransientRetries"/> times, the
    /// dossier is blocked with <paramref name="whenRetriesRunOut"/>.
    /// </summary>
    /// <param name="reason">What failed.</param>
    /// <param name="whenRetriesRunOut">The instruction when the retries are used up.</param>
    /// <returns>The result.</returns>
    public static QueueTaskResult RetryLater(string reason, Instruction whenRetriesRunOut)
    {
        ArgumentNullException.ThrowIfNull(whenRetriesRunOut);
        return new(QueueTaskResultKind.RetryLater, reason ?? string.Empty, whenRetriesRunOut);
    }

    /// <summary>The task failed: its dossier is blocked with the instruction until a person resolves it.</summary>
    /// <param name="instruction">What a person must do.</param>
    /// <returns>The result.</returns>
    public static QueueTaskResult Failed(Instruction instruction)
    {
        ArgumentNullException.ThrowIfNull(instruction);
        return new(QueueTaskResultKind.Failed, $"{instruction.Cause}: {instruction.Text}", instruction);
    }

    /// <summary>
    /// Nothing can run now (for example, the credentials were refused): the task goes back untouched, the run stops
    /// and reports a passing failure with the reason.
    /// </summary>
    /// <param name="reason">What is wrong and what to do.</param>
    /// <returns>The result.</returns>
    public static QueueTaskResult StopRun(string reason) => new(QueueTaskResultKind.StopRun, reason ?? string.Empty, null);
}

/// <summary>How a run of a queued task ended.</summary>
public enum QueueTaskResultKind
{
    /// <summary>Done.</summary>
    Done,

    /// <summary>A passing failure: retried later with back-off.</summary>
    RetryLater,

    /// <summary>A failure a person must fix: the dossier is blocked with an instruction.</summary>
    Failed,

    /// <summary>Nothing can run now: the task goes back untouched and the run stops.</summary>
    StopRun,
}

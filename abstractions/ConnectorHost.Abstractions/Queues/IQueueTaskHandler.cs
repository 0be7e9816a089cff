using ConnectorHost.Abstractions.State;

namespace ConnectorHost.Abstractions.Queues;

/// <summary>
/// The part of a queue connector that knows its origin: where the tasks come from, how one task runs, and where its
/// result goes. The host owns the rest (since 1.2): it stores what <see cref="FetchAsync"/> returns before anything
/// runs, lets <see cref="QueueSettings.Workers"/> workers claim the tasks FIFO per dossier with leases and heartbeats
/// (one dossier never on two workers, a blocked dossier stops), retries a passing failure with back-off, blocks the
/// dossier with a stored instruction on a failure, mails each new instruction once and sends the biweekly reminder.
/// </summary>
/// <remarks>
/// <para>A plugin offers a queue by deriving its factory from
/// <see cref="Plugins.ComponentFactory{TComponent, TSettings}"/> with <see cref="IQueueTaskHandler"/> as the component
/// and settings that derive from <see cref="QueueSettings"/>. The component is the <c>task:</c> of a sync pipeline;
/// the store's queue is the pipeline's name. One run of the pipeline fetches, runs every task that can run now, and
/// mails.</para>
/// <para><see cref="RunAsync"/> is called by several workers at once, for tasks of different dossiers: it must be
/// safe to call concurrently. The host disposes the handler when its pipeline stops.</para>
/// </remarks>
public interface IQueueTaskHandler
{
    /// <summary>
    /// Fetches the tasks the origin offers now; the host stores the new ones (a task already known by its
    /// <see cref="NewTask.ExternalId"/> is not added twice) and reports again, through <see cref="ReportAsync"/>, the
    /// end of a task the origin still offers although it is finished here.
    /// </summary>
    /// <param name="cancellationToken">Signals shutdown.</param>
    /// <returns>The tasks, with <see cref="NewTask.Queue"/> the pipeline's name.</returns>
    /// <exception cref="QueueOriginException">
    /// The origin could not be reached: the tasks already stored still run, and the run reports a passing failure. With
    /// <see cref="QueueOriginException.StopsRun"/> (the origin refused the credentials) nothing runs.
    /// </exception>
    Task<IReadOnlyList<NewTask>> FetchAsync(CancellationToken cancellationToken);

    /// <summary>Runs one task.</summary>
    /// <param name="task">The task, claimed for this call (its <see cref="QueuedTask.Attempts"/> counts this attempt).</param>
    /// <param name="cancellationToken">
    /// Signals shutdown, or that the task's lease was lost to another worker: stop; the result is not written.
    /// </param>
    /// <returns>How it ended.</returns>
    Task<QueueTaskResult> RunAsync(QueuedTask task, CancellationToken cancellationToken);

    /// <summary>
    /// Tells the origin how a task ended here: done, failed with an instruction, or cancelled by a person. Called once
    /// after the end is stored, and again when the origin still offers a finished task (the report was lost). Does
    /// nothing by default.
    /// </summary>
    /// <param name="task">The task as stored.</param>
    /// <param name="report">How it ended.</param>
    /// <param name="cancellationToken">Signals shutdown.</param>
    /// <returns>A task that completes when the origin took the report.</returns>
    /// <exception cref="QueueOriginException">
    /// The origin did not take it: the host logs it and reports it again at the next run, until the origin takes it
    /// (and when the origin offers the task again).
    /// </exception>
    Task ReportAsync(QueuedTask task, QueueTaskReport report, CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>How a task ended here, as told to its origin.</summary>
/// <param name="Status"><see cref="QueuedTaskStatus.Done"/>, <see cref="QueuedTaskStatus.Failed"/> or <see cref="QueuedTaskStatus.Cancelled"/>.</param>
/// <param name="Instruction">
/// For a failure just stored: the instruction made. <c>null</c> when a failure is reported again (see
/// <see cref="QueuedTask.LastError"/>) and for the other statuses.
/// </param>
public sealed record QueueTaskReport(QueuedTaskStatus Status, Sync.Instruction? Instruction = null);

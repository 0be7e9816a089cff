namespace ConnectorHost.Abstractions.State;

/// <summary>
/// A durable FIFO queue of dossier tasks. Tasks of one dossier run strictly in order of delivery and never two at
/// once; tasks of different dossiers run in parallel on several workers or hosts. A claimed task is leased: a
/// worker that dies loses its lease and the task is claimed again.
/// </summary>
public interface ITaskQueue
{
    /// <summary>Adds a task unless a task with the same <see cref="NewTask.ExternalId"/> is already in the queue.</summary>
    /// <param name="task">The task.</param>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns><c>true</c> when it was added, <c>false</c> when it was already known.</returns>
    Task<bool> EnqueueAsync(NewTask task, CancellationToken cancellationToken);

    /// <summary>
    /// Adds several tasks in one transaction, each unless a task with the same <see cref="NewTask.ExternalId"/> is
    /// already in its queue: what a poll fetched is stored all at once or not at all.
    /// </summary>
    /// <param name="tasks">The tasks.</param>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>For each task, in the same order: <c>true</c> when it was added, <c>false</c> when it was already known.</returns>
    Task<IReadOnlyList<bool>> EnqueueManyAsync(IReadOnlyList<NewTask> tasks, CancellationToken cancellationToken);

    /// <summary>
    /// Claims the oldest waiting task of a dossier that is not blocked and has no running task.
    /// </summary>
    /// <param name="queue">The queue, for example the pipeline's name.</param>
    /// <param name="worker">Who claims it, for the lease and the log.</param>
    /// <param name="leaseFor">How long the lease lasts before another worker may take the task over.</param>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>The lease, or <c>null</c> when nothing can run now.</returns>
    Task<TaskLease?> ClaimNextAsync(string queue, string worker, TimeSpan leaseFor, CancellationToken cancellationToken);

    /// <summary>
    /// Claims up to <paramref name="max"/> tasks at once, each by the rules of <see cref="ClaimNextAsync"/>: the
    /// oldest waiting task of a dossier that is not blocked and has no running task, so never two of one dossier.
    /// A store that can claims them in one transaction; by default they are claimed one by one.
    /// </summary>
    /// <param name="queue">The queue.</param>
    /// <param name="worker">Who claims them.</param>
    /// <param name="leaseFor">How long each lease lasts.</param>
    /// <param name="max">At most this many, 1 or more.</param>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>The leases, oldest task first; empty when nothing can run now.</returns>
    async Task<IReadOnlyList<TaskLease>> ClaimManyAsync(string queue, string worker, TimeSpan leaseFor, int max, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        var leases = new List<TaskLease>();
        while (leases.Count < max && await ClaimNextAsync(queue, worker, leaseFor, cancellationToken).ConfigureAwait(false) is { } lease)
        {
            leases.Add(lease);
        }

        return leases;
    }

    /// <summary>
    /// Marks several leased tasks done, each as <see cref="CompleteAsync"/> would; a store that can writes them in one
    /// transaction. By default they are written one by one.
    /// </summary>
    /// <param name="leases">The leases.</param>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>For each lease, in the same order: <c>false</c> when it was no longer held (that result is ignored).</returns>
    async Task<IReadOnlyList<bool>> CompleteManyAsync(IReadOnlyList<TaskLease> leases, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(leases);
        var done = new bool[leases.Count];
        for (var i = 0; i < leases.Count; i++)
        {
            done[i] = await CompleteAsync(leases[i], cancellationToken).ConfigureAwait(false);
        }

        return done;
    }

    /// <summary>
    /// Marks several leased tasks done (as <see cref="CompleteManyAsync"/>) and then claims up to
    /// <paramref name="max"/> tasks (as <see cref="ClaimManyAsync"/>), so that a dossier freed by a completion can give
    /// its next task at once: a queue runner's one write per round. A store that can does both in one transaction; by
    /// default they are two calls.
    /// </summary>
    /// <param name="done">The leases of the tasks done; may be empty.</param>
    /// <param name="queue">The queue to claim from.</param>
    /// <param name="worker">Who claims.</param>
    /// <param name="leaseFor">How long each new lease lasts.</param>
    /// <param name="max">At most this many claims, 1 or more.</param>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>Per done lease whether it was stored (as <see cref="CompleteManyAsync"/>), and the new leases.</returns>
    async Task<(IReadOnlyList<bool> Completed, IReadOnlyList<TaskLease> Claimed)> CompleteAndClaimAsync(
        IReadOnlyList<TaskLease> done, string queue, string worker, TimeSpan leaseFor, int max, CancellationToken cancellationToken)
    {
        var completed = await CompleteManyAsync(done, cancellationToken).ConfigureAwait(false);
        return (completed, await ClaimManyAsync(queue, worker, leaseFor, max, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>
    /// Extends a lease while its task still runs (a heartbeat, H-7), so that a long task is not taken over by another
    /// worker; refused when the lease was lost already (its fencing token changed or the task left Running).
    /// </summary>
    /// <param name="lease">The lease.</param>
    /// <param name="leaseFor">How long from now.</param>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>The renewed lease (same fencing token), or <c>null</c> when it was lost.</returns>
    Task<TaskLease?> RenewAsync(TaskLease lease, TimeSpan leaseFor, CancellationToken cancellationToken);

    /// <summary>Marks a leased task done.</summary>
    /// <param name="lease">The lease; refused when it was lost to another worker.</param>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns><c>false</c> when the lease was no longer held (the result is then ignored).</returns>
    Task<bool> CompleteAsync(TaskLease lease, CancellationToken cancellationToken);

    /// <summary>Puts a leased task back to wait, to be tried again not before a moment (a transient failure).</summary>
    /// <param name="lease">The lease.</param>
    /// <param name="notBefore">The earliest moment to try again.</param>
    /// <param name="reason">What failed, kept with the task.</param>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns><c>false</c> when the lease was no longer held.</returns>
    Task<bool> RetryLaterAsync(TaskLease lease, DateTimeOffset notBefore, string reason, CancellationToken cancellationToken);

    /// <summary>
    /// Marks a leased task failed, blocks its dossier and creates the instruction, all in one transaction.
    /// </summary>
    /// <param name="lease">The lease.</param>
    /// <param name="instruction">What a person must do.</param>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>The new instruction's id, or <c>null</c> when the lease was no longer held.</returns>
    Task<long?> FailAndBlockAsync(TaskLease lease, Sync.Instruction instruction, CancellationToken cancellationToken);

    /// <summary>Lists tasks, newest first (AT-9: <see cref="TaskQuery.Monitoring"/> is the monitoring screen's default).</summary>
    /// <param name="query">Which tasks.</param>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>The tasks.</returns>
    Task<IReadOnlyList<QueuedTask>> ListAsync(TaskQuery query, CancellationToken cancellationToken);

    /// <summary>
    /// Lists every dossier that has tasks, with its counts per status, whether it is blocked and the worst severity
    /// of its open instructions (AT-9: the monitoring of all dossiers; AT-6: the red or orange marks).
    /// </summary>
    /// <param name="queue">One queue, or <c>null</c> for all.</param>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>The dossiers, ordered by queue and dossier.</returns>
    Task<IReadOnlyList<DossierSummary>> ListDossiersAsync(string? queue, CancellationToken cancellationToken);

    /// <summary>
    /// Restarts a failed task, optionally with a corrected payload (AT-10: an activation with a wrong dossier code is
    /// corrected and restarted), in one transaction: the payload is replaced, the task waits again (due at once, still
    /// first of its dossier), its open instruction is resolved and its dossier is unblocked unless another
    /// instruction about it is still open. A waiting task may be given a corrected payload the same way.
    /// </summary>
    /// <param name="taskId">The queue's id of the task (<see cref="QueuedTask.Id"/>).</param>
    /// <param name="payload">The corrected payload, or <c>null</c> to keep the payload.</param>
    /// <param name="changedBy">Who restarted it, for the audit log and the instruction.</param>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>
    /// <c>false</c> when there is no such task or it is running, done or cancelled (a running task cannot be
    /// changed under its worker).
    /// </returns>
    Task<bool> RestartAsync(long taskId, string? payload, string changedBy, CancellationToken cancellationToken);

    /// <summary>
    /// Cancels a waiting or failed task (AT-10: a wrong activation is stopped), in one transaction: the task becomes
    /// <see cref="QueuedTaskStatus.Cancelled"/> and never runs, its open instruction is resolved and its dossier is
    /// unblocked unless another instruction about it is still open; the dossier's later tasks go on in order.
    /// </summary>
    /// <param name="taskId">The queue's id of the task.</param>
    /// <param name="cancelledBy">Who cancelled it, for the audit log and the instruction.</param>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns><c>false</c> when there is no such task or it is running, done or already cancelled.</returns>
    Task<bool> CancelAsync(long taskId, string cancelledBy, CancellationToken cancellationToken);
}

/// <summary>A task to add to the queue.</summary>
/// <param name="Queue">The queue, for example the pipeline's name.</param>
/// <param name="ExternalId">The id the task has at its origin; a task is added once.</param>
/// <param name="Dossier">The dossier the task belongs to.</param>
/// <param name="Kind">What to do, for example <c>process-booking-proposal</c>.</param>
/// <param name="Payload">The task's data, usually JSON.</param>
/// <param name="DeliveredAt">When the origin delivered the task: the FIFO order.</param>
public sealed record NewTask(string Queue, string ExternalId, string Dossier, string Kind, string Payload, DateTimeOffset DeliveredAt);

/// <summary>A claimed task.</summary>
/// <param name="Task">The task.</param>
/// <param name="Worker">Who holds the lease.</param>
/// <param name="FencingToken">Increases on every claim; results written with an old token are refused.</param>
/// <param name="LeasedUntil">When the lease runs out.</param>
public sealed record TaskLease(QueuedTask Task, string Worker, long FencingToken, DateTimeOffset LeasedUntil);

/// <summary>A task as the queue holds it.</summary>
/// <param name="Id">The queue's id.</param>
/// <param name="Queue">The queue.</param>
/// <param name="ExternalId">The id at its origin.</param>
/// <param name="Dossier">The dossier.</param>
/// <param name="Kind">What to do.</param>
/// <param name="Payload">The task's data.</param>
/// <param name="DeliveredAt">When it was delivered.</param>
/// <param name="Status">Where it stands.</param>
/// <param name="Attempts">How often it was claimed.</param>
/// <param name="LastError">What failed last, if anything.</param>
/// <param name="InstructionId">The instruction created when it failed, if any.</param>
public sealed record QueuedTask(
    long Id,
    string Queue,
    string ExternalId,
    string Dossier,
    string Kind,
    string Payload,
    DateTimeOffset DeliveredAt,
    QueuedTaskStatus Status,
    int Attempts,
    string? LastError,
    long? InstructionId);

/// <summary>Where a queued task stands.</summary>
public enum QueuedTaskStatus
{
    /// <summary>Waiting to run.</summary>
    Waiting,

    /// <summary>Claimed by a worker.</summary>
    Running,

    /// <summary>Done.</summary>
    Done,

    /// <summary>Failed; its dossier is blocked until the instruction is resolved.</summary>
    Failed,

    /// <summary>Cancelled by a person.</summary>
    Cancelled,
}

/// <summary>Which tasks to list.</summary>
/// <param name="Queue">The queue, or <c>null</c> for all.</param>
/// <param name="Dossier">One dossier, or <c>null</c> for all.</param>
/// <param name="Statuses">The statuses to include, or <c>null</c> for all.</param>
/// <param name="Limit">At most this many.</param>
public sealed record TaskQuery(string? Queue = null, string? Dossier = null, IReadOnlyList<QueuedTaskStatus>? Statuses = null, int Limit = 500)
{
    /// <summary>Only the task with this id at its origin (<see cref="QueuedTask.ExternalId"/>), or <c>null</c> for all.</summary>
    public string? ExternalId { get; init; }

    /// <summary>
    /// When <c>true</c>, tasks that have an instruction (open or resolved) are listed too, whatever their status:
    /// the filter becomes "status in <see cref="Statuses"/> <em>or</em> with an instruction".
    /// </summary>
    public bool OrWithInstruction { get; init; }

    /// <summary>
    /// The monitoring screen's default filter (AT-9): failed tasks and tasks with an instruction, of all dossiers or
    /// of one.
    /// </summary>
    /// <param name="queue">The queue, or <c>null</c> for all.</param>
    /// <param name="dossier">One dossier, or <c>null</c> for all.</param>
    /// <param name="limit">At most this many.</param>
    /// <returns>The query.</returns>
    public static TaskQuery Monitoring(string? queue = null, string? dossier = null, int limit = 500) =>
        new(queue, dossier, [QueuedTaskStatus.Failed], limit) { OrWithInstruction = true };
}

/// <summary>One dossier of the queue as the monitoring of all dossiers shows it (AT-9).</summary>
/// <param name="Queue">The queue.</param>
/// <param name="Dossier">The dossier.</param>
/// <param name="Blocked">Whether a failed task blocks it.</param>
/// <param name="Waiting">Its waiting tasks.</param>
/// <param name="Running">Its running tasks (0 or 1).</param>
/// <param name="Failed">Its failed tasks.</param>
/// <param name="Done">Its tasks done.</param>
/// <param name="Cancelled">Its cancelled tasks.</param>
/// <param name="OpenInstructions">How many of its instructions are open.</param>
/// <param name="WorstOpenSeverity">
/// <see cref="Sync.InstructionSeverity.Red"/> when an open instruction is red, orange when only orange ones are open,
/// <c>null</c> when none is open (AT-6: the red or orange marks).
/// </param>
public sealed record DossierSummary(
    string Queue,
    string Dossier,
    bool Blocked,
    int Waiting,
    int Running,
    int Failed,
    int Done,
    int Cancelled,
    int OpenInstructions,
    Sync.InstructionSeverity? WorstOpenSeverity);

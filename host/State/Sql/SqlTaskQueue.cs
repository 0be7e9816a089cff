using System.Data.Common;
using ConnectorHost.Abstractions.State;
using ConnectorHost.Abstractions.Sync;

namespace ConnectorHost.State.Sql;

/// <summary>
/// The dossier task queue in the <c>tasks</c> and <c>dossiers</c> tables: strict FIFO per dossier by delivery,
/// one running task per dossier (also enforced by a partial unique index), leases with a fencing token. A provider
/// gives the one condition of the claim whose best form differs per database (<see cref="NoOlderUnfinishedTask"/>).
/// </summary>
internal abstract partial class SqlTaskQueue(SqlDialect db) : ITaskQueue
{
    internal const string Columns =
        "id, queue, external_id, dossier, kind, payload, delivered_at, status, attempts, last_error, instruction_id, " +
        "worker, fencing_token, leased_until";

    private const string HeldLeaseCondition =
        "id = @id AND status = 'Running' AND worker = @worker AND fencing_token = @fencing_token";

    /// <summary>The dialect.</summary>
    protected SqlDialect Db => db;

    /// <summary>The insert of one task (parameters <c>@queue</c>, <c>@external_id</c>, <c>@dossier</c>, <c>@kind</c>, <c>@payload</c>, <c>@delivered_at</c> and now).</summary>
    protected string EnqueueSql => $"""
        INSERT INTO tasks (queue, external_id, dossier, kind, payload, delivered_at, enqueued_at, status, updated_at)
        VALUES (@queue, @external_id, @dossier, @kind, @payload, @delivered_at, {db.Now}, 'Waiting', {db.Now})
        ON CONFLICT (queue, external_id) DO NOTHING;
        """;

    // An expired lease returns its task to Waiting before the claim, so that the claim only has to look at waiting
    // tasks and every Running task it sees holds a live lease. The old holder's token no longer matches. Rows
    // another claim is rescuing right now are skipped, not waited for (where the database has row locks).
    private string RescueExpiredSql => $"""
        UPDATE tasks SET status = 'Waiting', leased_until = NULL, updated_at = {db.Now}
        WHERE id IN (
            SELECT id FROM tasks
            WHERE queue = @queue AND status = 'Running' AND leased_until <= {db.Now}{db.SkipLocked});
        """;

    public async Task<bool> EnqueueAsync(NewTask task, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(task);
        return (await EnqueueManyAsync([task], cancellationToken).ConfigureAwait(false))[0];
    }

    public Task<IReadOnlyList<bool>> EnqueueManyAsync(IReadOnlyList<NewTask> tasks, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tasks);
        foreach (var task in tasks)
        {
            ArgumentNullException.ThrowIfNull(task, nameof(tasks));
        }

        return tasks.Count == 0
            ? Task.FromResult<IReadOnlyList<bool>>([])
            : db.WriteAsync((connection, transaction) => InsertAsync(connection, transaction, tasks, cancellationToken), cancellationToken);
    }

    public async Task<TaskLease?> ClaimNextAsync(string queue, string worker, TimeSpan leaseFor, CancellationToken cancellationToken) =>
        (await ClaimManyAsync(queue, worker, leaseFor, 1, cancellationToken).ConfigureAwait(false)).FirstOrDefault();

    public virtual async Task<IReadOnlyList<TaskLease>> ClaimManyAsync(string queue, string worker, TimeSpan leaseFor, int max, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(queue);
        ArgumentException.ThrowIfNullOrWhiteSpace(worker);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(leaseFor, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        var leases = await db.WriteAsync(
            (connection, transaction) => ClaimInAsync(connection, transaction, queue, worker, leaseFor, max, cancellationToken),
            cancellationToken).ConfigureAwait(false);
        CountClaimed(leases);
        return leases;
    }

    public Task<TaskLease?> RenewAsync(TaskLease lease, TimeSpan leaseFor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lease);
        return db.WriteAsync(
            async (connection, transaction) =>
            {
                using var update = connection.Command(string.Empty, transaction);
                update.CommandText =
                    $"UPDATE tasks SET leased_until = {db.NowPlus(update, "lease_for", leaseFor)} WHERE {HeldLeaseCondition} RETURNING leased_until;";
                AddLease(update, lease);
                db.AddNow(update);
                using var reader = await update.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? lease with { LeasedUntil = db.GetMoment(reader, 0) } : null;
            },
            cancellationToken);
    }

    public async Task<bool> CompleteAsync(TaskLease lease, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lease);
        return (await CompleteManyAsync([lease], cancellationToken).ConfigureAwait(false))[0];
    }

    public async Task<IReadOnlyList<bool>> CompleteManyAsync(IReadOnlyList<TaskLease> leases, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(leases);
        foreach (var lease in leases)
        {
            ArgumentNullException.ThrowIfNull(lease, nameof(leases));
        }

        if (leases.Count == 0)
        {
            return [];
        }

        var done = await db.WriteAsync(
            (connection, transaction) => CompleteInAsync(connection, transaction, leases, cancellationToken),
            cancellationToken).ConfigureAwait(false);
        CountEnded(leases, done);
        return done;
    }

    public virtual async Task<(IReadOnlyList<bool> Completed, IReadOnlyList<TaskLease> Claimed)> CompleteAndClaimAsync(
        IReadOnlyList<TaskLease> done, string queue, string worker, TimeSpan leaseFor, int max, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(done);
        ArgumentNullException.ThrowIfNull(queue);
        ArgumentException.ThrowIfNullOrWhiteSpace(worker);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(leaseFor, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        var (completed, claimed) = await db.WriteAsync<(IReadOnlyList<bool>, IReadOnlyList<TaskLease>)>(
            async (connection, transaction) =>
            {
                var completed = done.Count == 0 ? [] : await CompleteInAsync(connection, transaction, done, cancellationToken).ConfigureAwait(false);
                return (completed, await ClaimInAsync(connection, transaction, queue, worker, leaseFor, max, cancellationToken).ConfigureAwait(false));
            },
            cancellationToken).ConfigureAwait(false);
        CountEnded(done, completed);
        CountClaimed(claimed);
        return (completed, claimed);
    }

    public Task<bool> RetryLaterAsync(TaskLease lease, DateTimeOffset notBefore, string reason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lease);
        ArgumentNullException.ThrowIfNull(reason);
        return EndLeaseAsync(
            lease,
            "retry",
            $"status = 'Waiting', leased_until = NULL, next_attempt_at = @not_before, last_error = @reason, updated_at = {db.Now}",
            update =>
            {
                db.AddMoment(update, "@not_before", notBefore);
                update.AddText("@reason", reason);
            },
            cancellationToken);
    }

    public async Task<long?> FailAndBlockAsync(TaskLease lease, Instruction instruction, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lease);
        ArgumentNullException.ThrowIfNull(instruction);
        var result = await db.WriteAsync<long?>(
            async (connection, transaction) =>
            {
                string queue, dossier;
                using (var fail = connection.Command(
                    $"""
                    UPDATE tasks SET status = 'Failed', leased_until = NULL, last_error = @reason, updated_at = {db.Now}
                    WHERE {HeldLeaseCondition}
                    RETURNING queue, dossier;
                    """,
                    transaction))
                {
                    AddLease(fail, lease);
                    fail.AddText("@reason", $"{instruction.Cause}: {instruction.Text}");
                    db.AddNow(fail);
                    using var reader = await fail.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                    if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                    {
                        return null;
                    }

                    (queue, dossier) = (reader.GetString(0), reader.GetString(1));
                }

                var instructionId = await SqlInstructionStore
                    .InsertAsync(db, connection, transaction, lease.Task.Id, instruction, cancellationToken)
                    .ConfigureAwait(false);
                await BlockAsync(connection, transaction, lease.Task.Id, instructionId, queue, dossier, cancellationToken).ConfigureAwait(false);
                await SqlAuditLog.InsertAsync(
                    db,
                    connection,
                    transaction,
                    new AuditEntry(lease.Worker, "task-failed", $"task:{lease.Task.Id}", $"dossier {queue}/{dossier} blocked, instruction {instructionId} ({instruction.Severity}, {instruction.Cause})"),
                    cancellationToken).ConfigureAwait(false);
                return instructionId;
            },
            cancellationToken).ConfigureAwait(false);
        if (result is not null)
        {
            Metrics.HostMetrics.TaskEnded(lease.Task.Queue, lease.Task.Id, lease.FencingToken, "failed");
        }

        return result;
    }

    /// <summary>
    /// The condition that the candidate task <c>t</c> has no older unfinished task in its dossier (a task waiting for
    /// its retry, or failed, holds back the rest of its dossier): the part of the claim whose best form differs per
    /// database.
    /// </summary>
    protected abstract string NoOlderUnfinishedTask { get; }

    /// <summary>Inserts tasks inside a write transaction, one statement each; providers may send them in batches.</summary>
    /// <returns>Per task, whether it was added (not known yet).</returns>
    protected virtual async Task<IReadOnlyList<bool>> InsertAsync(
        DbConnection connection, DbTransaction transaction, IReadOnlyList<NewTask> tasks, CancellationToken cancellationToken)
    {
        var added = new bool[tasks.Count];
        using var insert = connection.Command(EnqueueSql, transaction);
        for (var i = 0; i < tasks.Count; i++)
        {
            insert.Parameters.Clear();
            AddNewTask(insert, tasks[i]);
            added[i] = await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
        }

        return added;
    }

    /// <summary>Adds the parameters of <see cref="EnqueueSql"/>.</summary>
    protected void AddNewTask(DbCommand insert, NewTask task)
    {
        insert.AddText("@queue", task.Queue);
        insert.AddText("@external_id", task.ExternalId);
        insert.AddText("@dossier", task.Dossier);
        insert.AddText("@kind", task.Kind);
        insert.AddText("@payload", task.Payload);
        db.AddMoment(insert, "@delivered_at", task.DeliveredAt);
        db.AddNow(insert);
    }

    // The oldest due waiting tasks of dossiers that are not blocked, have no running task, and have no older
    // unfinished task: so at most one per dossier. A task another claim has locked is skipped (where the database has
    // row locks); the tasks behind it in its dossier are not eligible (it is older and unfinished).
    private string CandidatesSql => $"""
        SELECT t.id FROM tasks t
            WHERE t.queue = @queue
              AND t.status = 'Waiting'
              AND (t.next_attempt_at IS NULL OR t.next_attempt_at <= {db.Now})
              AND NOT EXISTS (
                  SELECT 1 FROM dossiers d
                  WHERE d.queue = t.queue AND d.dossier = t.dossier AND d.blocked)
              AND NOT EXISTS (
                  SELECT 1 FROM tasks r
                  WHERE r.queue = t.queue AND r.dossier = t.dossier AND r.status = 'Running')
              AND {NoOlderUnfinishedTask}
            ORDER BY t.delivered_at, t.id
            LIMIT @max{db.SkipLocked}
        """;

    /// <summary>
    /// Whether the claim's candidates are picked once in a <c>MATERIALIZED</c> common table expression before they are
    /// updated (a database that could otherwise evaluate the locking sub-select more than once), rather than in an
    /// <c>IN</c> sub-select.
    /// </summary>
    protected virtual bool PickCandidatesFirst => false;

    private string ClaimSql(string leasedUntil) => $"""
        {(PickCandidatesFirst ? $"WITH picked AS MATERIALIZED ({CandidatesSql})" : string.Empty)}
        UPDATE tasks SET
            status = 'Running',
            worker = @worker,
            fencing_token = fencing_token + 1,
            attempts = attempts + 1,
            leased_until = {leasedUntil},
            updated_at = {db.Now}
        WHERE id IN ({(PickCandidatesFirst ? "SELECT id FROM picked" : CandidatesSql)})
          AND status = 'Waiting'
        RETURNING {Columns};
        """;

    /// <summary>One claim of up to <paramref name="max"/> tasks inside a write transaction: expired leases rescued, then the claim.</summary>
    /// <returns>The leases, oldest task first.</returns>
    private async Task<IReadOnlyList<TaskLease>> ClaimInAsync(
        DbConnection connection, DbTransaction transaction, string queue, string worker, TimeSpan leaseFor, int max, CancellationToken cancellationToken)
    {
        using (var rescue = connection.Command(RescueExpiredSql, transaction))
        {
            rescue.AddText("@queue", queue);
            db.AddNow(rescue);
            await rescue.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        using var claim = connection.Command(string.Empty, transaction);
        claim.CommandText = ClaimSql(db.NowPlus(claim, "lease_for", leaseFor));
        claim.AddText("@queue", queue);
        claim.AddText("@worker", worker);
        claim.AddBigint("@max", max);
        db.AddNow(claim);
        var leases = new List<TaskLease>();
        using (var reader = await claim.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                leases.Add(new TaskLease(Map(reader), reader.GetString(11), reader.GetInt64(12), db.GetMoment(reader, 13)));
            }
        }

        return [.. leases.OrderBy(l => l.Task.DeliveredAt).ThenBy(l => l.Task.Id)];
    }

    /// <summary>Marks leased tasks done inside a write transaction.</summary>
    /// <returns>Per lease, whether it was still held.</returns>
    private async Task<IReadOnlyList<bool>> CompleteInAsync(
        DbConnection connection, DbTransaction transaction, IReadOnlyList<TaskLease> leases, CancellationToken cancellationToken)
    {
        var stored = new bool[leases.Count];
        using var update = connection.Command(
            $"UPDATE tasks SET status = 'Done', leased_until = NULL, completed_at = {db.Now}, updated_at = {db.Now} WHERE {HeldLeaseCondition};",
            transaction);
        for (var i = 0; i < leases.Count; i++)
        {
            update.Parameters.Clear();
            AddLease(update, leases[i]);
            db.AddNow(update);
            stored[i] = await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
        }

        return stored;
    }

    private static void CountClaimed(IReadOnlyList<TaskLease> leases)
    {
        foreach (var lease in leases)
        {
            Metrics.HostMetrics.TaskClaimed(lease.Task.Id, lease.FencingToken);
        }
    }

    private static void CountEnded(IReadOnlyList<TaskLease> leases, IReadOnlyList<bool> done)
    {
        for (var i = 0; i < leases.Count; i++)
        {
            if (done[i])
            {
                Metrics.HostMetrics.TaskEnded(leases[i].Task.Queue, leases[i].Task.Id, leases[i].FencingToken, "done");
            }
        }
    }

    private static void AddLease(DbCommand command, TaskLease lease)
    {
        command.AddBigint("@id", lease.Task.Id);
        command.AddText("@worker", lease.Worker);
        command.AddBigint("@fencing_token", lease.FencingToken);
    }

    private async Task<bool> EndLeaseAsync(TaskLease lease, string outcome, string set, Action<DbCommand> addParameters, CancellationToken cancellationToken)
    {
        var result = await db.WriteAsync(
            async (connection, transaction) =>
            {
                using var update = connection.Command($"UPDATE tasks SET {set} WHERE {HeldLeaseCondition};", transaction);
                AddLease(update, lease);
                addParameters(update);
                db.AddNow(update);
                return await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
            },
            cancellationToken).ConfigureAwait(false);
        if (result)
        {
            Metrics.HostMetrics.TaskEnded(lease.Task.Queue, lease.Task.Id, lease.FencingToken, outcome);
        }

        return result;
    }

    private async Task BlockAsync(
        DbConnection connection, DbTransaction transaction, long taskId, long instructionId, string queue, string dossier, CancellationToken cancellationToken)
    {
        using (var link = connection.Command("UPDATE tasks SET instruction_id = @instruction_id WHERE id = @id;", transaction))
        {
            link.AddBigint("@instruction_id", instructionId);
            link.AddBigint("@id", taskId);
            await link.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        using var block = connection.Command(
            $"""
            INSERT INTO dossiers (queue, dossier, blocked, blocked_at, updated_at) VALUES (@queue, @dossier, TRUE, {db.Now}, {db.Now})
            ON CONFLICT (queue, dossier) DO UPDATE SET blocked = TRUE, blocked_at = excluded.blocked_at, updated_at = excluded.updated_at;
            """,
            transaction);
        block.AddText("@queue", queue);
        block.AddText("@dossier", dossier);
        db.AddNow(block);
        await block.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    internal QueuedTask Map(DbDataReader reader) => new(
        Id: reader.GetInt64(0),
        Queue: reader.GetString(1),
        ExternalId: reader.GetString(2),
        Dossier: reader.GetString(3),
        Kind: reader.GetString(4),
        Payload: reader.GetString(5),
        DeliveredAt: db.GetMoment(reader, 6),
        Status: reader.GetEnum<QueuedTaskStatus>(7),
        Attempts: reader.GetInt32(8),
        LastError: reader.NullableString(9),
        InstructionId: reader.NullableInt64(10));
}

using System.Text;
using ConnectorHost.Abstractions.State;
using ConnectorHost.Abstractions.Sync;
using Npgsql;
using NpgsqlTypes;

namespace ConnectorHost.State.Postgres;

/// <summary>
/// The dossier task queue in the <c>tasks</c> and <c>dossiers</c> tables, shared by every host on the database:
/// strict FIFO per dossier by delivery, one running task per dossier (also enforced by a partial unique index),
/// leases on the database's clock with a fencing token. A claim locks the task it takes with
/// <c>FOR UPDATE SKIP LOCKED</c>, so claims of several workers and hosts never wait on each other.
/// </summary>
internal sealed class PostgresTaskQueue(PostgresConnectionFactory connections, TimeProvider? clock) : ITaskQueue
{
    internal const string Columns =
        "id, queue, external_id, dossier, kind, payload, delivered_at, status, attempts, last_error, instruction_id, " +
        "worker, fencing_token, leased_until";

    // How often a claim is tried again when another host's claim of the same dossier won the race (the unique index
    // of running tasks refused this one) before the claim reports that nothing can run now.
    private const int ClaimAttempts = 3;

    private const int EnqueueBatchSize = 500;

    // An expired lease returns its task to Waiting before the claim, so that the claim below only has to look at
    // waiting tasks and every Running task it sees holds a live lease. The old holder's token no longer matches.
    // Rows another claim is rescuing right now are skipped, not waited for.
    private const string RescueExpiredSql = $"""
        UPDATE tasks SET status = 'Waiting', leased_until = NULL, updated_at = {PostgresValues.Now}
        WHERE id IN (
            SELECT id FROM tasks
            WHERE queue = @queue AND status = 'Running' AND leased_until <= {PostgresValues.Now}
            FOR UPDATE SKIP LOCKED);
        """;

    // The oldest due waiting task of a dossier that is not blocked, has no running task, and has no older
    // unfinished task (a task waiting for its retry, or failed, holds back the rest of its dossier). A task another
    // claim has locked is skipped; the tasks behind it in its dossier are not eligible (it is older and unfinished).
    // "No older unfinished task" is written as "the first unfinished task of its dossier", a probe of one index
    // entry per candidate: as NOT EXISTS, a freshly filled table without statistics got a plan that read every
    // open task of the queue per candidate (seconds per claim at 20,000 tasks).
    private const string ClaimSql = $"""
        UPDATE tasks SET
            status = 'Running',
            worker = @worker,
            fencing_token = fencing_token + 1,
            attempts = attempts + 1,
            leased_until = {PostgresValues.Now} + @lease_for,
            updated_at = {PostgresValues.Now}
        WHERE id = (
            SELECT t.id FROM tasks t
            WHERE t.queue = @queue
              AND t.status = 'Waiting'
              AND (t.next_attempt_at IS NULL OR t.next_attempt_at <= {PostgresValues.Now})
              AND NOT EXISTS (
                  SELECT 1 FROM dossiers d
                  WHERE d.queue = t.queue AND d.dossier = t.dossier AND d.blocked)
              AND NOT EXISTS (
                  SELECT 1 FROM tasks r
                  WHERE r.queue = t.queue AND r.dossier = t.dossier AND r.status = 'Running')
              AND t.id = (
                  SELECT o.id FROM tasks o
                  WHERE o.queue = t.queue AND o.dossier = t.dossier
                    AND o.status IN ('Waiting', 'Running', 'Failed')
                  ORDER BY o.delivered_at, o.id
                  LIMIT 1)
            ORDER BY t.delivered_at, t.id
            LIMIT 1
            FOR UPDATE OF t SKIP LOCKED)
          AND status = 'Waiting'
        RETURNING {Columns};
        """;

    private const string HeldLeaseCondition =
        "id = @id AND status = 'Running' AND worker = @worker AND fencing_token = @fencing_token";

    private const string EnqueueSql = $"""
        INSERT INTO tasks (queue, external_id, dossier, kind, payload, delivered_at, enqueued_at, status, updated_at)
        VALUES (@queue, @external_id, @dossier, @kind, @payload, @delivered_at, {PostgresValues.Now}, 'Waiting', {PostgresValues.Now})
        ON CONFLICT (queue, external_id) DO NOTHING;
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

        if (tasks.Count == 0)
        {
            return Task.FromResult<IReadOnlyList<bool>>([]);
        }

        return connections.WriteAsync<IReadOnlyList<bool>>(
            async (connection, transaction) =>
            {
                // One round trip per batch of inserts; each insert reports on its own whether it added its task.
                var added = new bool[tasks.Count];
                for (var start = 0; start < tasks.Count; start += EnqueueBatchSize)
                {
                    await using var batch = new NpgsqlBatch(connection, transaction);
                    var end = Math.Min(tasks.Count, start + EnqueueBatchSize);
                    for (var i = start; i < end; i++)
                    {
                        var task = tasks[i];
                        var insert = new NpgsqlBatchCommand(EnqueueSql);
                        insert.Parameters.Add("queue", NpgsqlDbType.Text, task.Queue);
                        insert.Parameters.Add("external_id", NpgsqlDbType.Text, task.ExternalId);
                        insert.Parameters.Add("dossier", NpgsqlDbType.Text, task.Dossier);
                        insert.Parameters.Add("kind", NpgsqlDbType.Text, task.Kind);
                        insert.Parameters.Add("payload", NpgsqlDbType.Text, task.Payload);
                        insert.Parameters.Add("delivered_at", NpgsqlDbType.TimestampTz, task.DeliveredAt);
                        insert.Parameters.AddNow(clock);
                        batch.BatchCommands.Add(insert);
                    }

                    await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                    for (var i = start; i < end; i++)
                    {
                        added[i] = batch.BatchCommands[i - start].RecordsAffected == 1;
                    }
                }

                return added;
            },
            cancellationToken);
    }

    public async Task<TaskLease?> ClaimNextAsync(string queue, string worker, TimeSpan leaseFor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(queue);
        ArgumentException.ThrowIfNullOrWhiteSpace(worker);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(leaseFor, TimeSpan.Zero);
        TaskLease? result = null;
        for (var attempt = 1; attempt <= ClaimAttempts; attempt++)
        {
            try
            {
                result = await ClaimOnceAsync(queue, worker, leaseFor, cancellationToken).ConfigureAwait(false);
                break;
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation && e.ConstraintName == "ux_tasks_running_per_dossier")
            {
                // Another claim took a task of the same dossier between this claim's look and its write (a task
                // delivered earlier arrived meanwhile): the database refused the second runner, as it must.
            }
        }

        if (result is not null)
        {
            Metrics.HostMetrics.TaskClaimed(result.Task.Id, result.FencingToken);
        }

        return result;
    }

    public Task<TaskLease?> RenewAsync(TaskLease lease, TimeSpan leaseFor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lease);
        return connections.WriteAsync(
            async (connection, transaction) =>
            {
                using var update = connection.Command(
                    $"UPDATE tasks SET leased_until = {PostgresValues.Now} + @lease_for WHERE {HeldLeaseCondition} RETURNING leased_until;",
                    transaction);
                AddLease(update, lease);
                update.Add("lease_for", NpgsqlTypes.NpgsqlDbType.Interval, leaseFor);
                update.AddNow(clock);
                using var reader = await update.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? lease with { LeasedUntil = reader.GetMoment(0) } : null;
            },
            cancellationToken);
    }

    public async Task<bool> CompleteAsync(TaskLease lease, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lease);
        var result = await connections.WriteAsync(
            async (connection, transaction) =>
            {
                using var update = connection.Command(
                    $"""
                    UPDATE tasks SET status = 'Done', leased_until = NULL, completed_at = {PostgresValues.Now}, updated_at = {PostgresValues.Now}
                    WHERE {HeldLeaseCondition};
                    """,
                    transaction);
                AddLease(update, lease);
                update.AddNow(clock);
                return await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
            },
            cancellationToken).ConfigureAwait(false);
        if (result)
        {
            Metrics.HostMetrics.TaskEnded(lease.Task.Queue, lease.Task.Id, lease.FencingToken, "done");
        }

        return result;
    }

    public async Task<bool> RetryLaterAsync(TaskLease lease, DateTimeOffset notBefore, string reason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lease);
        ArgumentNullException.ThrowIfNull(reason);
        var result = await connections.WriteAsync(
            async (connection, transaction) =>
            {
                using var update = connection.Command(
                    $"""
                    UPDATE tasks SET status = 'Waiting', leased_until = NULL, next_attempt_at = @not_before,
                        last_error = @reason, updated_at = {PostgresValues.Now}
                    WHERE {HeldLeaseCondition};
                    """,
                    transaction);
                AddLease(update, lease);
                update.AddMoment("not_before", notBefore);
                update.AddText("reason", reason);
                update.AddNow(clock);
                return await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
            },
            cancellationToken).ConfigureAwait(false);
        if (result)
        {
            Metrics.HostMetrics.TaskEnded(lease.Task.Queue, lease.Task.Id, lease.FencingToken, "retry");
        }

        return result;
    }

    public async Task<long?> FailAndBlockAsync(TaskLease lease, Instruction instruction, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lease);
        ArgumentNullException.ThrowIfNull(instruction);
        var result = await connections.WriteAsync<long?>(
            async (connection, transaction) =>
            {
                string queue, dossier;
                using (var fail = connection.Command(
                    $"""
                    UPDATE tasks SET status = 'Failed', leased_until = NULL, last_error = @reason, updated_at = {PostgresValues.Now}
                    WHERE {HeldLeaseCondition}
                    RETURNING queue, dossier;
                    """,
                    transaction))
                {
                    AddLease(fail, lease);
                    fail.AddText("reason", $"{instruction.Cause}: {instruction.Text}");
                    fail.AddNow(clock);
                    using var reader = await fail.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                    if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                    {
                        return null;
                    }

                    (queue, dossier) = (reader.GetString(0), reader.GetString(1));
                }

                var instructionId = await PostgresInstructionStore
                    .InsertAsync(connection, transaction, lease.Task.Id, instruction, clock, cancellationToken)
                    .ConfigureAwait(false);

                using (var linkAndBlock = connection.Command(
                    $"""
                    UPDATE tasks SET instruction_id = @instruction_id WHERE id = @id;
                    INSERT INTO dossiers (queue, dossier, blocked, blocked_at, updated_at)
                    VALUES (@queue, @dossier, TRUE, {PostgresValues.Now}, {PostgresValues.Now})
                    ON CONFLICT (queue, dossier) DO UPDATE SET blocked = TRUE, blocked_at = excluded.blocked_at, updated_at = excluded.updated_at;
                    """,
                    transaction))
                {
                    linkAndBlock.AddBigint("instruction_id", instructionId);
                    linkAndBlock.AddBigint("id", lease.Task.Id);
                    linkAndBlock.AddText("queue", queue);
                    linkAndBlock.AddText("dossier", dossier);
                    linkAndBlock.AddNow(clock);
                    await linkAndBlock.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                await PostgresAuditLog.InsertAsync(
                    connection,
                    transaction,
                    new AuditEntry(lease.Worker, "task-failed", $"task:{lease.Task.Id}", $"dossier {queue}/{dossier} blocked, instruction {instructionId} ({instruction.Severity}, {instruction.Cause})"),
                    clock,
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

    public Task<IReadOnlyList<QueuedTask>> ListAsync(TaskQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfNegative(query.Limit);
        return connections.ReadAsync<IReadOnlyList<QueuedTask>>(
            async connection =>
            {
                using var command = connection.Command(string.Empty);
                var sql = new StringBuilder($"SELECT {Columns} FROM tasks WHERE TRUE");
                if (query.Queue is not null)
                {
                    sql.Append(" AND queue = @queue");
                    command.AddText("queue", query.Queue);
                }

                if (query.Dossier is not null)
                {
                    sql.Append(" AND dossier = @dossier");
                    command.AddText("dossier", query.Dossier);
                }

                if (query.ExternalId is not null)
                {
                    sql.Append(" AND external_id = @external_id");
                    command.AddText("external_id", query.ExternalId);
                }

                if (query.Statuses is not null)
                {
                    command.AddNames("statuses", query.Statuses);
                    sql.Append(" AND (status = ANY(@statuses)");
                    if (query.OrWithInstruction)
                    {
                        sql.Append(" OR instruction_id IS NOT NULL");
                    }

                    sql.Append(')');
                }

                sql.Append(" ORDER BY delivered_at DESC, id DESC LIMIT @limit;");
                command.AddInteger("limit", query.Limit);
                command.CommandText = sql.ToString();

                var tasks = new List<QueuedTask>();
                using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    tasks.Add(Map(reader));
                }

                return tasks;
            },
            cancellationToken);
    }

    public Task<IReadOnlyList<DossierSummary>> ListDossiersAsync(string? queue, CancellationToken cancellationToken) =>
        connections.ReadAsync<IReadOnlyList<DossierSummary>>(
            async connection =>
            {
                using var command = connection.Command(
                    """
                    SELECT t.queue, t.dossier, COALESCE(bool_or(d.blocked), FALSE),
                        COUNT(*) FILTER (WHERE t.status = 'Waiting'), COUNT(*) FILTER (WHERE t.status = 'Running'),
                        COUNT(*) FILTER (WHERE t.status = 'Failed'), COUNT(*) FILTER (WHERE t.status = 'Done'),
                        COUNT(*) FILTER (WHERE t.status = 'Cancelled'),
                        (SELECT COUNT(*) FROM instructions i JOIN tasks it ON it.id = i.task_id
                         WHERE i.resolved_at IS NULL AND it.queue = t.queue AND it.dossier = t.dossier),
                        (SELECT MAX(CASE i.severity WHEN 'Red' THEN 2 ELSE 1 END) FROM instructions i JOIN tasks it ON it.id = i.task_id
                         WHERE i.resolved_at IS NULL AND it.queue = t.queue AND it.dossier = t.dossier)
                    FROM tasks t LEFT JOIN dossiers d ON d.queue = t.queue AND d.dossier = t.dossier
                    WHERE @queue IS NULL OR t.queue = @queue
                    GROUP BY t.queue, t.dossier
                    ORDER BY t.queue, t.dossier;
                    """);
                command.AddText("queue", queue);
                var dossiers = new List<DossierSummary>();
                using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    InstructionSeverity? worst = reader.IsDBNull(9)
                        ? null
                        : reader.GetInt32(9) == 2 ? InstructionSeverity.Red : InstructionSeverity.Orange;
                    dossiers.Add(new DossierSummary(
                        reader.GetString(0),
                        reader.GetString(1),
                        reader.GetBoolean(2),
                        (int)reader.GetInt64(3),
                        (int)reader.GetInt64(4),
                        (int)reader.GetInt64(5),
                        (int)reader.GetInt64(6),
                        (int)reader.GetInt64(7),
                        (int)reader.GetInt64(8),
                        worst));
                }

                return dossiers;
            },
            cancellationToken);

    public Task<bool> RestartAsync(long taskId, string? payload, string changedBy, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(changedBy);
        return ChangeAsync(
            taskId,
            changedBy,
            $"""
            UPDATE tasks SET status = 'Waiting', payload = COALESCE(@payload, payload), next_attempt_at = NULL,
                leased_until = NULL, updated_at = {PostgresValues.Now}
            WHERE id = @id AND status IN ('Waiting', 'Failed')
            RETURNING queue, dossier, instruction_id;
            """,
            payload,
            "task-restarted",
            payload is null ? "restarted" : "restarted with a corrected payload",
            cancellationToken);
    }

    public Task<bool> CancelAsync(long taskId, string cancelledBy, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(cancelledBy);
        return ChangeAsync(
            taskId,
            cancelledBy,
            $"""
            UPDATE tasks SET status = 'Cancelled', leased_until = NULL, completed_at = {PostgresValues.Now}, updated_at = {PostgresValues.Now}
            WHERE id = @id AND status IN ('Waiting', 'Failed')
            RETURNING queue, dossier, instruction_id;
            """,
            null,
            "task-cancelled",
            "cancelled",
            cancellationToken);
    }

    private Task<TaskLease?> ClaimOnceAsync(string queue, string worker, TimeSpan leaseFor, CancellationToken cancellationToken) =>
        connections.WriteAsync(
            async (connection, transaction) =>
            {
                using (var rescue = connection.Command(RescueExpiredSql, transaction))
                {
                    rescue.AddText("queue", queue);
                    rescue.AddNow(clock);
                    await rescue.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                using var claim = connection.Command(ClaimSql, transaction);
                claim.AddText("queue", queue);
                claim.AddText("worker", worker);
                claim.Add("lease_for", NpgsqlDbType.Interval, leaseFor);
                claim.AddNow(clock);
                using var reader = await claim.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    return null;
                }

                return new TaskLease(Map(reader), reader.GetString(11), reader.GetInt64(12), reader.GetMoment(13));
            },
            cancellationToken);

    /// <summary>
    /// Changes a waiting or failed task by a person (restart or cancel), resolves its open instruction and unblocks its
    /// dossier when nothing else holds it, with an audit entry, in one transaction.
    /// </summary>
    private Task<bool> ChangeAsync(
        long taskId,
        string who,
        string updateSql,
        string? payload,
        string action,
        string what,
        CancellationToken cancellationToken) =>
        connections.WriteAsync(
            async (connection, transaction) =>
            {
                string queue, dossier;
                long? instructionId;
                using (var update = connection.Command(updateSql, transaction))
                {
                    update.AddBigint("id", taskId);
                    update.AddText("payload", payload);
                    update.AddNow(clock);
                    using var reader = await update.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                    if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                    {
                        return false;
                    }

                    (queue, dossier, instructionId) = (reader.GetString(0), reader.GetString(1), reader.NullableInt64(2));
                }

                var resolved = 0;
                if (instructionId is { } instruction)
                {
                    using var resolve = connection.Command(
                        $"UPDATE instructions SET resolved_at = {PostgresValues.Now}, resolved_by = @who WHERE id = @id AND resolved_at IS NULL;",
                        transaction);
                    resolve.AddBigint("id", instruction);
                    resolve.AddText("who", who);
                    resolve.AddNow(clock);
                    resolved = await resolve.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                var unblocked = await PostgresInstructionStore
                    .UnblockIfClearAsync(connection, transaction, queue, dossier, clock, cancellationToken)
                    .ConfigureAwait(false);
                var details = $"task {taskId} of dossier {queue}/{dossier} {what}"
                    + (resolved == 1 ? $"; instruction {instructionId} resolved" : string.Empty)
                    + (unblocked ? "; dossier unblocked" : string.Empty);
                await PostgresAuditLog.InsertAsync(
                    connection, transaction, new AuditEntry(who, action, $"task:{taskId}", details), clock, cancellationToken)
                    .ConfigureAwait(false);
                return true;
            },
            cancellationToken);

    private static void AddLease(NpgsqlCommand command, TaskLease lease)
    {
        command.AddBigint("id", lease.Task.Id);
        command.AddText("worker", lease.Worker);
        command.AddBigint("fencing_token", lease.FencingToken);
    }

    private static QueuedTask Map(NpgsqlDataReader reader) => new(
        Id: reader.GetInt64(0),
        Queue: reader.GetString(1),
        ExternalId: reader.GetString(2),
        Dossier: reader.GetString(3),
        Kind: reader.GetString(4),
        Payload: reader.GetString(5),
        DeliveredAt: reader.GetMoment(6),
        Status: reader.GetEnum<QueuedTaskStatus>(7),
        Attempts: reader.GetInt32(8),
        LastError: reader.NullableString(9),
        InstructionId: reader.NullableInt64(10));
}

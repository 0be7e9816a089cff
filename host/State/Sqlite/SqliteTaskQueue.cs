using System.Text;
using ConnectorHost.Abstractions.State;
using ConnectorHost.Abstractions.Sync;
using Microsoft.Data.Sqlite;

namespace ConnectorHost.State.Sqlite;

/// <summary>
/// The dossier task queue in the <c>tasks</c> and <c>dossiers</c> tables: strict FIFO per dossier by delivery,
/// one running task per dossier (also enforced by a partial unique index), leases with a fencing token.
/// </summary>
internal sealed class SqliteTaskQueue(SqliteConnectionFactory connections, TimeProvider clock) : ITaskQueue
{
    internal const string Columns =
        "id, queue, external_id, dossier, kind, payload, delivered_at, status, attempts, last_error, instruction_id, " +
        "worker, fencing_token, leased_until";

    // An expired lease returns its task to Waiting before the claim, so that the claim below only has to look at
    // waiting tasks and every Running task it sees holds a live lease. The old holder's token no longer matches.
    private const string RescueExpiredSql = """
        UPDATE tasks SET status = 'Waiting', leased_until = NULL, updated_at = @now
        WHERE queue = @queue AND status = 'Running' AND leased_until <= @now;
        """;

    // The oldest due waiting task of a dossier that is not blocked, has no running task, and has no older
    // unfinished task (a task waiting for its retry, or failed, holds back the rest of its dossier).
    private const string ClaimSql = $"""
        UPDATE tasks SET
            status = 'Running',
            worker = @worker,
            fencing_token = fencing_token + 1,
            attempts = attempts + 1,
            leased_until = @leased_until,
            updated_at = @now
        WHERE id = (
            SELECT t.id FROM tasks t
            WHERE t.queue = @queue
              AND t.status = 'Waiting'
              AND (t.next_attempt_at IS NULL OR t.next_attempt_at <= @now)
              AND NOT EXISTS (
                  SELECT 1 FROM dossiers d
                  WHERE d.queue = t.queue AND d.dossier = t.dossier AND d.blocked = 1)
              AND NOT EXISTS (
                  SELECT 1 FROM tasks r
                  WHERE r.queue = t.queue AND r.dossier = t.dossier AND r.status = 'Running')
              AND NOT EXISTS (
                  SELECT 1 FROM tasks o
                  WHERE o.queue = t.queue AND o.dossier = t.dossier
                    AND o.status IN ('Waiting', 'Running', 'Failed')
                    AND (o.delivered_at < t.delivered_at OR (o.delivered_at = t.delivered_at AND o.id < t.id)))
            ORDER BY t.delivered_at, t.id
            LIMIT 1)
        RETURNING {Columns};
        """;

    private const string HeldLeaseCondition =
        "id = @id AND status = 'Running' AND worker = @worker AND fencing_token = @fencing_token";

    private const string EnqueueSql = """
        INSERT INTO tasks (queue, external_id, dossier, kind, payload, delivered_at, enqueued_at, status, updated_at)
        VALUES (@queue, @external_id, @dossier, @kind, @payload, @delivered_at, @now, 'Waiting', @now)
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

        var now = SqliteValues.Moment(clock.GetUtcNow());
        return connections.WriteAsync<IReadOnlyList<bool>>(
            async (connection, transaction) =>
            {
                using var insert = connection.Command(EnqueueSql, transaction);
                var parameters = new[] { "@queue", "@external_id", "@dossier", "@kind", "@payload", "@delivered_at", "@now" }
                    .Select(name => insert.Parameters.Add(name, SqliteType.Text))
                    .ToArray();
                var added = new bool[tasks.Count];
                for (var i = 0; i < tasks.Count; i++)
                {
                    var task = tasks[i];
                    parameters[0].Value = task.Queue;
                    parameters[1].Value = task.ExternalId;
                    parameters[2].Value = task.Dossier;
                    parameters[3].Value = task.Kind;
                    parameters[4].Value = task.Payload;
                    parameters[5].Value = SqliteValues.Moment(task.DeliveredAt);
                    parameters[6].Value = now;
                    added[i] = await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
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
        var now = clock.GetUtcNow();
        var result = await connections.WriteAsync(
            async (connection, transaction) =>
            {
                using (var rescue = connection.Command(RescueExpiredSql, transaction))
                {
                    rescue.Add("@queue", queue);
                    rescue.Add("@now", SqliteValues.Moment(now));
                    await rescue.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                using var claim = connection.Command(ClaimSql, transaction);
                claim.Add("@queue", queue);
                claim.Add("@worker", worker);
                claim.Add("@now", SqliteValues.Moment(now));
                claim.Add("@leased_until", SqliteValues.Moment(now + leaseFor));
                using var reader = await claim.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    return null;
                }

                return new TaskLease(Map(reader), reader.GetString(11), reader.GetInt64(12), reader.GetMoment(13));
            },
            cancellationToken).ConfigureAwait(false);
        if (result is not null)
        {
            Metrics.HostMetrics.TaskClaimed(result.Task.Id, result.FencingToken);
        }

        return result;
    }

    public Task<TaskLease?> RenewAsync(TaskLease lease, TimeSpan leaseFor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lease);
        var until = clock.GetUtcNow() + leaseFor;
        return connections.WriteAsync(
            async (connection, transaction) =>
            {
                using var update = connection.Command($"UPDATE tasks SET leased_until = @leased_until WHERE {HeldLeaseCondition};", transaction);
                AddLease(update, lease);
                update.Add("@leased_until", SqliteValues.Moment(until));
                return await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1 ? lease with { LeasedUntil = until } : null;
            },
            cancellationToken);
    }

    public async Task<bool> CompleteAsync(TaskLease lease, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lease);
        var now = SqliteValues.Moment(clock.GetUtcNow());
        var result = await connections.WriteAsync(
            async (connection, transaction) =>
            {
                using var update = connection.Command(
                    $"""
                    UPDATE tasks SET status = 'Done', leased_until = NULL, completed_at = @now, updated_at = @now
                    WHERE {HeldLeaseCondition};
                    """,
                    transaction);
                AddLease(update, lease);
                update.Add("@now", now);
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
        var now = SqliteValues.Moment(clock.GetUtcNow());
        var result = await connections.WriteAsync(
            async (connection, transaction) =>
            {
                using var update = connection.Command(
                    $"""
                    UPDATE tasks SET status = 'Waiting', leased_until = NULL, next_attempt_at = @not_before,
                        last_error = @reason, updated_at = @now
                    WHERE {HeldLeaseCondition};
                    """,
                    transaction);
                AddLease(update, lease);
                update.Add("@not_before", SqliteValues.Moment(notBefore));
                update.Add("@reason", reason);
                update.Add("@now", now);
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
        var now = SqliteValues.Moment(clock.GetUtcNow());
        var result = await connections.WriteAsync<long?>(
            async (connection, transaction) =>
            {
                string queue, dossier;
                using (var fail = connection.Command(
                    $"""
                    UPDATE tasks SET status = 'Failed', leased_until = NULL, last_error = @reason, updated_at = @now
                    WHERE {HeldLeaseCondition}
                    RETURNING queue, dossier;
                    """,
                    transaction))
                {
                    AddLease(fail, lease);
                    fail.Add("@reason", $"{instruction.Cause}: {instruction.Text}");
                    fail.Add("@now", now);
                    using var reader = await fail.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                    if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                    {
                        return null;
                    }

                    (queue, dossier) = (reader.GetString(0), reader.GetString(1));
                }

                var instructionId = await SqliteInstructionStore
                    .InsertAsync(connection, transaction, lease.Task.Id, instruction, now, cancellationToken)
                    .ConfigureAwait(false);

                using (var link = connection.Command("UPDATE tasks SET instruction_id = @instruction_id WHERE id = @id;", transaction))
                {
                    link.Add("@instruction_id", instructionId);
                    link.Add("@id", lease.Task.Id);
                    await link.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                using (var block = connection.Command(
                    """
                    INSERT INTO dossiers (queue, dossier, blocked, blocked_at, updated_at) VALUES (@queue, @dossier, 1, @now, @now)
                    ON CONFLICT (queue, dossier) DO UPDATE SET blocked = 1, blocked_at = @now, updated_at = @now;
                    """,
                    transaction))
                {
                    block.Add("@queue", queue);
                    block.Add("@dossier", dossier);
                    block.Add("@now", now);
                    await block.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                await SqliteAuditLog.InsertAsync(
                    connection,
                    transaction,
                    new AuditEntry(lease.Worker, "task-failed", $"task:{lease.Task.Id}", $"dossier {queue}/{dossier} blocked, instruction {instructionId} ({instruction.Severity}, {instruction.Cause})"),
                    now,
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
                var sql = new StringBuilder($"SELECT {Columns} FROM tasks WHERE 1 = 1");
                if (query.Queue is not null)
                {
                    sql.Append(" AND queue = @queue");
                    command.Add("@queue", query.Queue);
                }

                if (query.Dossier is not null)
                {
                    sql.Append(" AND dossier = @dossier");
                    command.Add("@dossier", query.Dossier);
                }

                if (query.ExternalId is not null)
                {
                    sql.Append(" AND external_id = @external_id");
                    command.Add("@external_id", query.ExternalId);
                }

                if (query.Statuses is not null)
                {
                    var statuses = query.Statuses.Count == 0
                        ? "0 = 1"
                        : "status IN " + command.AddList("status", query.Statuses, s => s.ToString());
                    sql.Append(" AND (").Append(statuses);
                    if (query.OrWithInstruction)
                    {
                        sql.Append(" OR instruction_id IS NOT NULL");
                    }

                    sql.Append(')');
                }

                sql.Append(" ORDER BY delivered_at DESC, id DESC LIMIT @limit;");
                command.Add("@limit", query.Limit);
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
                    SELECT t.queue, t.dossier, COALESCE(MAX(d.blocked), 0),
                        SUM(t.status = 'Waiting'), SUM(t.status = 'Running'), SUM(t.status = 'Failed'),
                        SUM(t.status = 'Done'), SUM(t.status = 'Cancelled'),
                        (SELECT COUNT(*) FROM instructions i JOIN tasks it ON it.id = i.task_id
                         WHERE i.resolved_at IS NULL AND it.queue = t.queue AND it.dossier = t.dossier),
                        (SELECT MAX(CASE i.severity WHEN 'Red' THEN 2 ELSE 1 END) FROM instructions i JOIN tasks it ON it.id = i.task_id
                         WHERE i.resolved_at IS NULL AND it.queue = t.queue AND it.dossier = t.dossier)
                    FROM tasks t LEFT JOIN dossiers d ON d.queue = t.queue AND d.dossier = t.dossier
                    WHERE @queue IS NULL OR t.queue = @queue
                    GROUP BY t.queue, t.dossier
                    ORDER BY t.queue, t.dossier;
                    """);
                command.Add("@queue", queue);
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
                        reader.GetInt64(2) == 1,
                        reader.GetInt32(3),
                        reader.GetInt32(4),
                        reader.GetInt32(5),
                        reader.GetInt32(6),
                        reader.GetInt32(7),
                        reader.GetInt32(8),
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
            """
            UPDATE tasks SET status = 'Waiting', payload = COALESCE(@payload, payload), next_attempt_at = NULL,
                leased_until = NULL, updated_at = @now
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
            """
            UPDATE tasks SET status = 'Cancelled', leased_until = NULL, completed_at = @now, updated_at = @now
            WHERE id = @id AND status IN ('Waiting', 'Failed')
            RETURNING queue, dossier, instruction_id;
            """,
            null,
            "task-cancelled",
            "cancelled",
            cancellationToken);
    }

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
        CancellationToken cancellationToken)
    {
        var now = SqliteValues.Moment(clock.GetUtcNow());
        return connections.WriteAsync(
            async (connection, transaction) =>
            {
                string queue, dossier;
                long? instructionId;
                using (var update = connection.Command(updateSql, transaction))
                {
                    update.Add("@id", taskId);
                    update.Add("@payload", payload);
                    update.Add("@now", now);
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
                        "UPDATE instructions SET resolved_at = @now, resolved_by = @who WHERE id = @id AND resolved_at IS NULL;",
                        transaction);
                    resolve.Add("@id", instruction);
                    resolve.Add("@who", who);
                    resolve.Add("@now", now);
                    resolved = await resolve.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                var unblocked = await SqliteInstructionStore
                    .UnblockIfClearAsync(connection, transaction, queue, dossier, now, cancellationToken)
                    .ConfigureAwait(false);
                var details = $"task {taskId} of dossier {queue}/{dossier} {what}"
                    + (resolved == 1 ? $"; instruction {instructionId} resolved" : string.Empty)
                    + (unblocked ? "; dossier unblocked" : string.Empty);
                await SqliteAuditLog.InsertAsync(
                    connection, transaction, new AuditEntry(who, action, $"task:{taskId}", details), now, cancellationToken)
                    .ConfigureAwait(false);
                return true;
            },
            cancellationToken);
    }

    private static void AddLease(SqliteCommand command, TaskLease lease)
    {
        command.Add("@id", lease.Task.Id);
        command.Add("@worker", lease.Worker);
        command.Add("@fencing_token", lease.FencingToken);
    }

    private static QueuedTask Map(SqliteDataReader reader) => new(
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

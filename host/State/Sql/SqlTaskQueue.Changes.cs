using System.Text;
using ConnectorHost.Abstractions.State;
using ConnectorHost.Abstractions.Sync;

namespace ConnectorHost.State.Sql;

/// <summary>The queue's lists and a person's changes (restart, cancel).</summary>
internal abstract partial class SqlTaskQueue
{
    public Task<IReadOnlyList<QueuedTask>> ListAsync(TaskQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfNegative(query.Limit);
        return Db.ReadAsync<IReadOnlyList<QueuedTask>>(
            async connection =>
            {
                using var command = connection.Command(string.Empty);
                var sql = new StringBuilder($"SELECT {Columns} FROM tasks WHERE TRUE");
                if (query.Queue is not null)
                {
                    sql.Append(" AND queue = @queue");
                    command.AddText("@queue", query.Queue);
                }

                if (query.Dossier is not null)
                {
                    sql.Append(" AND dossier = @dossier");
                    command.AddText("@dossier", query.Dossier);
                }

                if (query.ExternalId is not null)
                {
                    sql.Append(" AND external_id = @external_id");
                    command.AddText("@external_id", query.ExternalId);
                }

                if (query.Statuses is not null)
                {
                    sql.Append(" AND (").Append(Db.In(command, "status", "statuses", [.. query.Statuses.Select(s => s.ToString())]));
                    if (query.OrWithInstruction)
                    {
                        sql.Append(" OR instruction_id IS NOT NULL");
                    }

                    sql.Append(')');
                }

                sql.Append(" ORDER BY delivered_at DESC, id DESC LIMIT @limit;");
                command.AddInteger("@limit", query.Limit);
                command.CommandText = sql.ToString();
                return await command.ReadAllAsync(Map, cancellationToken).ConfigureAwait(false);
            },
            cancellationToken);
    }

    public Task<IReadOnlyList<DossierSummary>> ListDossiersAsync(string? queue, CancellationToken cancellationToken) =>
        Db.ReadAsync<IReadOnlyList<DossierSummary>>(
            async connection =>
            {
                using var command = connection.Command(
                    """
                    SELECT t.queue, t.dossier, COALESCE(MAX(CASE WHEN d.blocked THEN 1 ELSE 0 END), 0),
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
                command.AddText("@queue", queue);
                return await command.ReadAllAsync(
                    reader => new DossierSummary(
                        reader.GetString(0),
                        reader.GetString(1),
                        reader.GetCount(2) == 1,
                        reader.GetCount(3),
                        reader.GetCount(4),
                        reader.GetCount(5),
                        reader.GetCount(6),
                        reader.GetCount(7),
                        reader.GetCount(8),
                        reader.IsDBNull(9) ? null : reader.GetCount(9) == 2 ? InstructionSeverity.Red : InstructionSeverity.Orange),
                    cancellationToken).ConfigureAwait(false);
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
                leased_until = NULL, updated_at = {Db.Now}
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
            UPDATE tasks SET status = 'Cancelled', leased_until = NULL, completed_at = {Db.Now}, updated_at = {Db.Now}
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
        CancellationToken cancellationToken) =>
        Db.WriteAsync(
            async (connection, transaction) =>
            {
                string queue, dossier;
                long? instructionId;
                using (var update = connection.Command(updateSql, transaction))
                {
                    update.AddBigint("@id", taskId);
                    update.AddText("@payload", payload);
                    Db.AddNow(update);
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
                        $"UPDATE instructions SET resolved_at = {Db.Now}, resolved_by = @who WHERE id = @id AND resolved_at IS NULL;",
                        transaction);
                    resolve.AddBigint("@id", instruction);
                    resolve.AddText("@who", who);
                    Db.AddNow(resolve);
                    resolved = await resolve.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                var unblocked = await SqlInstructionStore
                    .UnblockIfClearAsync(db, connection, transaction, queue, dossier, cancellationToken)
                    .ConfigureAwait(false);
                var details = $"task {taskId} of dossier {queue}/{dossier} {what}"
                    + (resolved == 1 ? $"; instruction {instructionId} resolved" : string.Empty)
                    + (unblocked ? "; dossier unblocked" : string.Empty);
                await SqlAuditLog.InsertAsync(
                    db, connection, transaction, new AuditEntry(who, action, $"task:{taskId}", details), cancellationToken)
                    .ConfigureAwait(false);
                return true;
            },
            cancellationToken);
}

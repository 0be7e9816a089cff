using ConnectorHost.Abstractions.State;
using ConnectorHost.Abstractions.Sync;
using Microsoft.Data.Sqlite;

namespace ConnectorHost.State.Sqlite;

/// <summary>Accountant instructions in the <c>instructions</c> table; resolving one resumes its dossier.</summary>
internal sealed partial class SqliteInstructionStore(SqliteConnectionFactory connections, TimeProvider clock) : IInstructionStore
{
    private const string Columns = "id, task_id, dossier, severity, text, cause, created_at, resolved_at, resolved_by";

    public Task<IReadOnlyList<StoredInstruction>> ListAsync(bool openOnly, CancellationToken cancellationToken) =>
        connections.ReadAsync<IReadOnlyList<StoredInstruction>>(
            async connection =>
            {
                using var command = connection.Command(
                    $"SELECT {Columns} FROM instructions WHERE @open_only = 0 OR resolved_at IS NULL ORDER BY created_at, id;");
                command.Add("@open_only", openOnly ? 1 : 0);
                var instructions = new List<StoredInstruction>();
                using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    instructions.Add(Map(reader));
                }

                return instructions;
            },
            cancellationToken);

    public Task<bool> ResolveAsync(long id, string resolvedBy, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(resolvedBy);
        var now = SqliteValues.Moment(clock.GetUtcNow());
        return connections.WriteAsync(
            async (connection, transaction) =>
            {
                long? taskId;
                using (var resolve = connection.Command(
                    """
                    UPDATE instructions SET resolved_at = @now, resolved_by = @resolved_by
                    WHERE id = @id AND resolved_at IS NULL
                    RETURNING task_id;
                    """,
                    transaction))
                {
                    resolve.Add("@id", id);
                    resolve.Add("@resolved_by", resolvedBy);
                    resolve.Add("@now", now);
                    using var reader = await resolve.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                    if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                    {
                        return false;
                    }

                    taskId = reader.NullableInt64(0);
                }

                var details = "no task";
                if (taskId is { } task)
                {
                    details = await ResumeTaskAsync(connection, transaction, task, now, cancellationToken).ConfigureAwait(false);
                }

                await SqliteAuditLog.InsertAsync(
                    connection,
                    transaction,
                    new AuditEntry(resolvedBy, "instruction-resolved", $"instruction:{id}", details),
                    now,
                    cancellationToken).ConfigureAwait(false);
                return true;
            },
            cancellationToken);
    }

    /// <summary>Inserts an instruction inside a caller's transaction and returns its id.</summary>
    internal static async Task<long> InsertAsync(
        SqliteConnection connection,
        SqliteTransaction transaction,
        long? taskId,
        Instruction instruction,
        string now,
        CancellationToken cancellationToken)
    {
        using var insert = connection.Command(
            """
            INSERT INTO instructions (task_id, dossier, severity, text, cause, created_at)
            VALUES (@task_id, @dossier, @severity, @text, @cause, @now)
            RETURNING id;
            """,
            transaction);
        insert.Add("@task_id", taskId);
        insert.Add("@dossier", instruction.Dossier);
        insert.Add("@severity", instruction.Severity.ToString());
        insert.Add("@text", instruction.Text);
        insert.Add("@cause", instruction.Cause);
        insert.Add("@now", now);
        var id = await insert.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        return (long)id!;
    }

    /// <summary>
    /// Puts the failed task back to wait (due at once, first of its dossier again) and unblocks its dossier unless
    /// another instruction about the same dossier is still open.
    /// </summary>
    private static async Task<string> ResumeTaskAsync(
        SqliteConnection connection, SqliteTransaction transaction, long taskId, string now, CancellationToken cancellationToken)
    {
        string queue, dossier;
        using (var resume = connection.Command(
            """
            UPDATE tasks SET
                status = CASE WHEN status = 'Failed' THEN 'Waiting' ELSE status END,
                next_attempt_at = CASE WHEN status = 'Failed' THEN NULL ELSE next_attempt_at END,
                updated_at = @now
            WHERE id = @id
            RETURNING queue, dossier;
            """,
            transaction))
        {
            resume.Add("@id", taskId);
            resume.Add("@now", now);
            using var reader = await resume.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                return $"task {taskId} no longer exists";
            }

            (queue, dossier) = (reader.GetString(0), reader.GetString(1));
        }

        var unblocked = await UnblockIfClearAsync(connection, transaction, queue, dossier, now, cancellationToken).ConfigureAwait(false);
        return unblocked
            ? $"task {taskId} waits again; dossier {queue}/{dossier} unblocked"
            : $"task {taskId} waits again; dossier {queue}/{dossier} stays blocked by another open instruction";
    }

    /// <summary>
    /// Inside a caller's transaction: unblocks a dossier unless an instruction about one of its tasks is still open.
    /// </summary>
    /// <returns><c>true</c> when the dossier was blocked and is now unblocked.</returns>
    internal static async Task<bool> UnblockIfClearAsync(
        SqliteConnection connection,
        SqliteTransaction transaction,
        string queue,
        string dossier,
        string now,
        CancellationToken cancellationToken)
    {
        using var unblock = connection.Command(
            """
            UPDATE dossiers SET blocked = 0, blocked_at = NULL, updated_at = @now
            WHERE queue = @queue AND dossier = @dossier AND blocked = 1
              AND NOT EXISTS (
                  SELECT 1 FROM instructions i JOIN tasks t ON t.id = i.task_id
                  WHERE i.resolved_at IS NULL AND t.queue = @queue AND t.dossier = @dossier);
            """,
            transaction);
        unblock.Add("@queue", queue);
        unblock.Add("@dossier", dossier);
        unblock.Add("@now", now);
        return await unblock.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    private static StoredInstruction Map(SqliteDataReader reader) => new(
        Id: reader.GetInt64(0),
        TaskId: reader.NullableInt64(1),
        Instruction: new Instruction(
            reader.GetString(2), reader.GetEnum<InstructionSeverity>(3), reader.GetString(4), reader.GetString(5)),
        CreatedAt: reader.GetMoment(6),
        ResolvedAt: reader.NullableMoment(7),
        ResolvedBy: reader.NullableString(8));
}

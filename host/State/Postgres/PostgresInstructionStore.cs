using ConnectorHost.Abstractions.State;
using ConnectorHost.Abstractions.Sync;
using Npgsql;
using NpgsqlTypes;

namespace ConnectorHost.State.Postgres;

/// <summary>Accountant instructions in the <c>instructions</c> table; resolving one resumes its dossier.</summary>
internal sealed partial class PostgresInstructionStore(PostgresConnectionFactory connections, TimeProvider? clock) : IInstructionStore
{
    private const string Columns = "id, task_id, dossier, severity, text, cause, created_at, resolved_at, resolved_by";

    public Task<IReadOnlyList<StoredInstruction>> ListAsync(bool openOnly, CancellationToken cancellationToken) =>
        connections.ReadAsync<IReadOnlyList<StoredInstruction>>(
            async connection =>
            {
                using var command = connection.Command(
                    $"SELECT {Columns} FROM instructions WHERE NOT @open_only OR resolved_at IS NULL ORDER BY created_at, id;");
                command.Add("open_only", NpgsqlDbType.Boolean, openOnly);
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
        return connections.WriteAsync(
            async (connection, transaction) =>
            {
                long? taskId;
                using (var resolve = connection.Command(
                    $"""
                    UPDATE instructions SET resolved_at = {PostgresValues.Now}, resolved_by = @resolved_by
                    WHERE id = @id AND resolved_at IS NULL
                    RETURNING task_id;
                    """,
                    transaction))
                {
                    resolve.AddBigint("id", id);
                    resolve.AddText("resolved_by", resolvedBy);
                    resolve.AddNow(clock);
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
                    details = await ResumeTaskAsync(connection, transaction, task, clock, cancellationToken).ConfigureAwait(false);
                }

                await PostgresAuditLog.InsertAsync(
                    connection,
                    transaction,
                    new AuditEntry(resolvedBy, "instruction-resolved", $"instruction:{id}", details),
                    clock,
                    cancellationToken).ConfigureAwait(false);
                return true;
            },
            cancellationToken);
    }

    /// <summary>Inserts an instruction inside a caller's transaction and returns its id.</summary>
    internal static async Task<long> InsertAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction transaction,
        long? taskId,
        Instruction instruction,
        TimeProvider? clock,
        CancellationToken cancellationToken)
    {
        using var insert = connection.Command(
            $"""
            INSERT INTO instructions (task_id, dossier, severity, text, cause, created_at)
            VALUES (@task_id, @dossier, @severity, @text, @cause, {PostgresValues.Now})
            RETURNING id;
            """,
            transaction);
        insert.AddBigint("task_id", taskId);
        insert.AddText("dossier", instruction.Dossier);
        insert.AddText("severity", instruction.Severity.ToString());
        insert.AddText("text", instruction.Text);
        insert.AddText("cause", instruction.Cause);
        insert.AddNow(clock);
        var id = await insert.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        return (long)id!;
    }

    /// <summary>
    /// Puts the failed task back to wait (due at once, first of its dossier again) and unblocks its dossier unless
    /// another instruction about the same dossier is still open.
    /// </summary>
    private static async Task<string> ResumeTaskAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, long taskId, TimeProvider? clock, CancellationToken cancellationToken)
    {
        string queue, dossier;
        using (var resume = connection.Command(
            $"""
            UPDATE tasks SET
                status = CASE WHEN status = 'Failed' THEN 'Waiting' ELSE status END,
                next_attempt_at = CASE WHEN status = 'Failed' THEN NULL ELSE next_attempt_at END,
                updated_at = {PostgresValues.Now}
            WHERE id = @id
            RETURNING queue, dossier;
            """,
            transaction))
        {
            resume.AddBigint("id", taskId);
            resume.AddNow(clock);
            using var reader = await resume.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                return $"task {taskId} no longer exists";
            }

            (queue, dossier) = (reader.GetString(0), reader.GetString(1));
        }

        var unblocked = await UnblockIfClearAsync(connection, transaction, queue, dossier, clock, cancellationToken).ConfigureAwait(false);
        return unblocked
            ? $"task {taskId} waits again; dossier {queue}/{dossier} unblocked"
            : $"task {taskId} waits again; dossier {queue}/{dossier} stays blocked by another open instruction";
    }

    /// <summary>
    /// Inside a caller's transaction: unblocks a dossier unless an instruction about one of its tasks is still open.
    /// The dossier's row is locked first, in a statement of its own: two transactions resolving the last two open
    /// instructions of one dossier at once then take turns, and the second sees the first's resolution (each
    /// statement of READ COMMITTED sees what was committed before it), so one of them unblocks the dossier.
    /// </summary>
    /// <returns><c>true</c> when the dossier was blocked and is now unblocked.</returns>
    internal static async Task<bool> UnblockIfClearAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction transaction,
        string queue,
        string dossier,
        TimeProvider? clock,
        CancellationToken cancellationToken)
    {
        using (var lockRow = connection.Command(
            "SELECT blocked FROM dossiers WHERE queue = @queue AND dossier = @dossier FOR UPDATE;", transaction))
        {
            lockRow.AddText("queue", queue);
            lockRow.AddText("dossier", dossier);
            if (await lockRow.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not true)
            {
                return false;
            }
        }

        using var unblock = connection.Command(
            $"""
            UPDATE dossiers SET blocked = FALSE, blocked_at = NULL, updated_at = {PostgresValues.Now}
            WHERE queue = @queue AND dossier = @dossier AND blocked
              AND NOT EXISTS (
                  SELECT 1 FROM instructions i JOIN tasks t ON t.id = i.task_id
                  WHERE i.resolved_at IS NULL AND t.queue = @queue AND t.dossier = @dossier);
            """,
            transaction);
        unblock.AddText("queue", queue);
        unblock.AddText("dossier", dossier);
        unblock.AddNow(clock);
        return await unblock.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    private static StoredInstruction Map(NpgsqlDataReader reader) => new(
        Id: reader.GetInt64(0),
        TaskId: reader.NullableInt64(1),
        Instruction: new Instruction(
            reader.GetString(2), reader.GetEnum<InstructionSeverity>(3), reader.GetString(4), reader.GetString(5)),
        CreatedAt: reader.GetMoment(6),
        ResolvedAt: reader.NullableMoment(7),
        ResolvedBy: reader.NullableString(8));
}

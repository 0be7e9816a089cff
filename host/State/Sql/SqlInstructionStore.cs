using System.Data.Common;
using ConnectorHost.Abstractions.State;
using ConnectorHost.Abstractions.Sync;

namespace ConnectorHost.State.Sql;

/// <summary>Accountant instructions in the <c>instructions</c> table; resolving one resumes its dossier.</summary>
internal sealed partial class SqlInstructionStore(SqlDialect db) : IInstructionStore
{
    internal const string Columns = "id, task_id, dossier, severity, text, cause, created_at, resolved_at, resolved_by";

    public Task<IReadOnlyList<StoredInstruction>> ListAsync(bool openOnly, CancellationToken cancellationToken) =>
        db.ReadAsync<IReadOnlyList<StoredInstruction>>(
            async connection =>
            {
                using var command = connection.Command(
                    $"SELECT {Columns} FROM instructions WHERE NOT @open_only OR resolved_at IS NULL ORDER BY created_at, id;");
                db.AddBool(command, "@open_only", openOnly);
                return await command.ReadAllAsync(Map, cancellationToken).ConfigureAwait(false);
            },
            cancellationToken);

    public Task<bool> ResolveAsync(long id, string resolvedBy, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(resolvedBy);
        return db.WriteAsync(
            async (connection, transaction) =>
            {
                long? taskId;
                using (var resolve = connection.Command(
                    $"""
                    UPDATE instructions SET resolved_at = {db.Now}, resolved_by = @resolved_by
                    WHERE id = @id AND resolved_at IS NULL
                    RETURNING task_id;
                    """,
                    transaction))
                {
                    resolve.AddBigint("@id", id);
                    resolve.AddText("@resolved_by", resolvedBy);
                    db.AddNow(resolve);
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
                    details = await ResumeTaskAsync(db, connection, transaction, task, cancellationToken).ConfigureAwait(false);
                }

                await SqlAuditLog.InsertAsync(
                    db,
                    connection,
                    transaction,
                    new AuditEntry(resolvedBy, "instruction-resolved", $"instruction:{id}", details),
                    cancellationToken).ConfigureAwait(false);
                return true;
            },
            cancellationToken);
    }

    /// <summary>Inserts an instruction inside a caller's transaction and returns its id.</summary>
    internal static async Task<long> InsertAsync(
        SqlDialect db, DbConnection connection, DbTransaction transaction, long? taskId, Instruction instruction, CancellationToken cancellationToken)
    {
        using var insert = connection.Command(
            $"""
            INSERT INTO instructions (task_id, dossier, severity, text, cause, created_at)
            VALUES (@task_id, @dossier, @severity, @text, @cause, {db.Now})
            RETURNING id;
            """,
            transaction);
        insert.AddBigint("@task_id", taskId);
        insert.AddText("@dossier", instruction.Dossier);
        insert.AddText("@severity", instruction.Severity.ToString());
        insert.AddText("@text", instruction.Text);
        insert.AddText("@cause", instruction.Cause);
        db.AddNow(insert);
        var id = await insert.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        return Convert.ToInt64(id, System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Inside a caller's transaction: unblocks a dossier unless an instruction about one of its tasks is still open.
    /// The dossier's row is locked first, in a statement of its own (where the database has row locks): two
    /// transactions resolving the last two open instructions of one dossier at once then take turns, and the second
    /// sees the first's resolution (each statement of READ COMMITTED sees what was committed before it), so one of
    /// them unblocks the dossier.
    /// </summary>
    /// <returns><c>true</c> when the dossier was blocked and is now unblocked.</returns>
    internal static async Task<bool> UnblockIfClearAsync(
        SqlDialect db, DbConnection connection, DbTransaction transaction, string queue, string dossier, CancellationToken cancellationToken)
    {
        using (var lockRow = connection.Command(
            $"SELECT blocked FROM dossiers WHERE queue = @queue AND dossier = @dossier{db.ForUpdate};", transaction))
        {
            lockRow.AddText("@queue", queue);
            lockRow.AddText("@dossier", dossier);
            if (!SqlDialect.IsTrue(await lockRow.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false)))
            {
                return false;
            }
        }

        using var unblock = connection.Command(
            $"""
            UPDATE dossiers SET blocked = FALSE, blocked_at = NULL, updated_at = {db.Now}
            WHERE queue = @queue AND dossier = @dossier AND blocked
              AND NOT EXISTS (
                  SELECT 1 FROM instructions i JOIN tasks t ON t.id = i.task_id
                  WHERE i.resolved_at IS NULL AND t.queue = @queue AND t.dossier = @dossier);
            """,
            transaction);
        unblock.AddText("@queue", queue);
        unblock.AddText("@dossier", dossier);
        db.AddNow(unblock);
        return await unblock.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    /// <summary>
    /// Puts the failed task back to wait (due at once, first of its dossier again) and unblocks its dossier unless
    /// another instruction about the same dossier is still open.
    /// </summary>
    private static async Task<string> ResumeTaskAsync(
        SqlDialect db, DbConnection connection, DbTransaction transaction, long taskId, CancellationToken cancellationToken)
    {
        string queue, dossier;
        using (var resume = connection.Command(
            $"""
            UPDATE tasks SET
                status = CASE WHEN status = 'Failed' THEN 'Waiting' ELSE status END,
                next_attempt_at = CASE WHEN status = 'Failed' THEN NULL ELSE next_attempt_at END,
                updated_at = {db.Now}
            WHERE id = @id
            RETURNING queue, dossier;
            """,
            transaction))
        {
            resume.AddBigint("@id", taskId);
            db.AddNow(resume);
            using var reader = await resume.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                return $"task {taskId} no longer exists";
            }

            (queue, dossier) = (reader.GetString(0), reader.GetString(1));
        }

        var unblocked = await UnblockIfClearAsync(db, connection, transaction, queue, dossier, cancellationToken).ConfigureAwait(false);
        return unblocked
            ? $"task {taskId} waits again; dossier {queue}/{dossier} unblocked"
            : $"task {taskId} waits again; dossier {queue}/{dossier} stays blocked by another open instruction";
    }

    internal StoredInstruction Map(DbDataReader reader) => new(
        Id: reader.GetInt64(0),
        TaskId: reader.NullableInt64(1),
        Instruction: new Instruction(
            reader.GetString(2), reader.GetEnum<InstructionSeverity>(3), reader.GetString(4), reader.GetString(5)),
        CreatedAt: db.GetMoment(reader, 6),
        ResolvedAt: db.NullableMoment(reader, 7),
        ResolvedBy: reader.NullableString(8));
}

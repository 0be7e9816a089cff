using ConnectorHost.State.Sql;

namespace ConnectorHost.State.Sqlite;

/// <summary>
/// The task queue on SQLite: the claim runs in a <c>BEGIN IMMEDIATE</c> transaction that holds the database's write
/// lock, so claims never race; it looks for older unfinished tasks of the dossier with <c>NOT EXISTS</c>.
/// </summary>
internal sealed class SqliteTaskQueue(SqlDialect db) : SqlTaskQueue(db)
{
    // The oldest due waiting task of a dossier that is not blocked, has no running task, and has no older
    // unfinished task (a task waiting for its retry, or failed, holds back the rest of its dossier).
    protected override string ClaimSql(string leasedUntil) => $"""
        UPDATE tasks SET
            status = 'Running',
            worker = @worker,
            fencing_token = fencing_token + 1,
            attempts = attempts + 1,
            leased_until = {leasedUntil},
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
}

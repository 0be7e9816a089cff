using ConnectorHost.State.Sql;

namespace ConnectorHost.State.Sqlite;

/// <summary>
/// The task queue on SQLite: the claim runs in a <c>BEGIN IMMEDIATE</c> transaction that holds the database's write
/// lock, so claims never race; it looks for older unfinished tasks of the dossier with <c>NOT EXISTS</c>.
/// </summary>
internal sealed class SqliteTaskQueue(SqlDialect db) : SqlTaskQueue(db)
{
    // Inside BEGIN IMMEDIATE the candidate cannot change under the claim; NOT EXISTS over the dossier's index.
    protected override string NoOlderUnfinishedTask => """
        NOT EXISTS (
                  SELECT 1 FROM tasks o
                  WHERE o.queue = t.queue AND o.dossier = t.dossier
                    AND o.status IN ('Waiting', 'Running', 'Failed')
                    AND (o.delivered_at < t.delivered_at OR (o.delivered_at = t.delivered_at AND o.id < t.id)))
        """;
}

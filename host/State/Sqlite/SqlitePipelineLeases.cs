using ConnectorHost.State.Sql;
using Microsoft.Data.Sqlite;

namespace ConnectorHost.State.Sqlite;

/// <summary>The lease fence on SQLite: the write transaction holds the database's write lock, so a plain read suffices.</summary>
internal static class SqlitePipelineLeases
{
    /// <summary>The fencing check of a write under <paramref name="fence"/>, inside the write's transaction.</summary>
    internal static Task CheckFenceAsync(SqliteConnection connection, SqliteTransaction transaction, WriteFence fence, CancellationToken cancellationToken) =>
        SqlPipelineLeases.CheckFenceAsync(connection, transaction, fence, forShare: string.Empty, cancellationToken);
}

using ConnectorHost.State.Sql;
using Npgsql;

namespace ConnectorHost.State.Postgres;

/// <summary>The lease fence on PostgreSQL: the lease row is locked <c>FOR SHARE</c> until the write commits.</summary>
internal static class PostgresPipelineLeases
{
    /// <summary>The fencing check of a write under <paramref name="fence"/>, inside the write's transaction.</summary>
    internal static Task CheckFenceAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, WriteFence fence, CancellationToken cancellationToken) =>
        SqlPipelineLeases.CheckFenceAsync(connection, transaction, fence, forShare: " FOR SHARE", cancellationToken);
}

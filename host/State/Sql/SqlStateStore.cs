using ConnectorHost.Abstractions.State;

namespace ConnectorHost.State.Sql;

/// <summary>
/// The state store's repositories over one SQL database, written once against its <see cref="SqlDialect"/>: the
/// SQLite and PostgreSQL stores differ only in their dialect, their task claim and their migrations.
/// </summary>
public abstract class SqlStateStore : IHostStateStore
{
    private readonly SqlDialect _db;

    private protected SqlStateStore(SqlDialect db, SqlTaskQueue tasks)
    {
        this._db = db;
        var documents = new SqlDocumentLedger(db);
        var instructions = new SqlInstructionStore(db);
        Documents = documents;
        Records = new SqlRecordStore(db);
        Tasks = tasks;
        Instructions = instructions;
        Dashboard = new SqlDashboardQueries(db, documents, tasks, instructions);
        Audit = new SqlAuditLog(db);
        Leases = new SqlPipelineLeases(db);
    }

    /// <inheritdoc />
    public IDocumentLedger Documents { get; }

    /// <inheritdoc />
    public IPipelineLeases Leases { get; }

    /// <inheritdoc />
    public IDashboardQueries Dashboard { get; }

    /// <inheritdoc />
    public IRecordStore Records { get; }

    /// <inheritdoc />
    public ITaskQueue Tasks { get; }

    /// <inheritdoc />
    public IInstructionStore Instructions { get; }

    /// <inheritdoc />
    public IAuditLog Audit { get; }

    /// <inheritdoc />
    public abstract Task<int> MigrateAsync(CancellationToken cancellationToken);

    /// <inheritdoc />
    public Task PingAsync(CancellationToken cancellationToken) =>
        _db.ReadAsync(
            async connection =>
            {
                using var command = connection.Command("SELECT 1;");
                return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
            },
            cancellationToken);
}

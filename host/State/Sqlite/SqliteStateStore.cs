using ConnectorHost.Abstractions.State;

namespace ConnectorHost.State.Sqlite;

/// <summary>
/// The embedded state store: one SQLite database file in WAL mode. Several instances (and processes) may share
/// the file; each call opens its own connection and every write is one <c>BEGIN IMMEDIATE</c> transaction.
/// Call <see cref="MigrateAsync"/> once before anything else.
/// </summary>
public sealed class SqliteStateStore : IHostStateStore
{
    private readonly SqliteConnectionFactory connections;
    private readonly SqliteMigrations migrations;

    /// <summary>Creates a store on a database file (created, with its folder, by <see cref="MigrateAsync"/>).</summary>
    /// <param name="databasePath">The database file, for example <c>data/state.db</c>. Never on a network share.</param>
    /// <param name="clock">The clock of every stored moment and of the leases.</param>
    public SqliteStateStore(string databasePath, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(clock);
        connections = new SqliteConnectionFactory(databasePath);
        migrations = new SqliteMigrations(connections, clock);
        Documents = new SqliteDocumentLedger(connections, clock);
        Records = new SqliteRecordStore(connections, clock);
        Tasks = new SqliteTaskQueue(connections, clock);
        Instructions = new SqliteInstructionStore(connections, clock);
        Audit = new SqliteAuditLog(connections, clock);
        Leases = new SqlitePipelineLeases(connections, clock);
    }

    /// <summary>The full path of the database file.</summary>
    public string DatabasePath => connections.DatabasePath;

    /// <summary>The copy of the database taken before the last migration (<c>state.db.bak-&lt;version&gt;</c>), or null when none was needed.</summary>
    public string? MigrationBackup => migrations.Backup;

    /// <summary>The schema version the database had before the last migration (0 for a new file).</summary>
    public int VersionBeforeMigration => migrations.VersionBefore;

    /// <summary>The newest schema version this code knows.</summary>
    public static int LatestSchemaVersion => SqliteSchema.Migrations.Count;

    /// <inheritdoc />
    public IDocumentLedger Documents { get; }

    /// <inheritdoc />
    public IPipelineLeases Leases { get; }

    /// <inheritdoc />
    public IRecordStore Records { get; }

    /// <inheritdoc />
    public ITaskQueue Tasks { get; }

    /// <inheritdoc />
    public IInstructionStore Instructions { get; }

    /// <inheritdoc />
    public IAuditLog Audit { get; }

    /// <inheritdoc />
    public Task<int> MigrateAsync(CancellationToken cancellationToken) => migrations.MigrateAsync(cancellationToken);

    /// <inheritdoc />
    public Task PingAsync(CancellationToken cancellationToken) =>
        connections.ReadAsync(
            async connection =>
            {
                using var command = connection.Command("SELECT 1;");
                return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
            },
            cancellationToken);
}

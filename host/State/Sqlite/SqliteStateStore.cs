using ConnectorHost.State.Sql;

namespace ConnectorHost.State.Sqlite;

/// <summary>
/// The embedded state store: one SQLite database file in WAL mode. Several instances (and processes) may share
/// the file; each call opens its own connection and every write is one <c>BEGIN IMMEDIATE</c> transaction.
/// Call <see cref="MigrateAsync"/> once before anything else.
/// </summary>
public sealed class SqliteStateStore : SqlStateStore
{
    private readonly SqliteConnectionFactory _connections;
    private readonly SqliteMigrations _migrations;

    /// <summary>Creates a store on a database file (created, with its folder, by <see cref="MigrateAsync"/>).</summary>
    /// <param name="databasePath">The database file, for example <c>data/state.db</c>. Never on a network share.</param>
    /// <param name="clock">The clock of every stored moment and of the leases.</param>
    public SqliteStateStore(string databasePath, TimeProvider clock)
        : this(new SqliteConnectionFactory(databasePath), clock ?? throw new ArgumentNullException(nameof(clock)))
    {
    }

    private SqliteStateStore(SqliteConnectionFactory connections, TimeProvider clock)
        : this(connections, new SqliteDialect(connections, clock), clock)
    {
    }

    private SqliteStateStore(SqliteConnectionFactory connections, SqliteDialect dialect, TimeProvider clock)
        : base(dialect, new SqliteTaskQueue(dialect))
    {
        this._connections = connections;
        _migrations = new SqliteMigrations(connections, clock);
    }

    /// <summary>The full path of the database file.</summary>
    public string DatabasePath => _connections.DatabasePath;

    /// <summary>The copy of the database taken before the last migration (<c>state.db.bak-&lt;version&gt;</c>), or null when none was needed.</summary>
    public string? MigrationBackup => _migrations.Backup;

    /// <summary>The schema version the database had before the last migration (0 for a new file).</summary>
    public int VersionBeforeMigration => _migrations.VersionBefore;

    /// <summary>The newest schema version this code knows.</summary>
    public static int LatestSchemaVersion => SqliteSchema.Migrations.Count;

    /// <inheritdoc />
    public override Task<int> MigrateAsync(CancellationToken cancellationToken) => _migrations.MigrateAsync(cancellationToken);
}

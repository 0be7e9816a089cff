using ConnectorHost.State.Sql;
using Microsoft.Data.Sqlite;

namespace ConnectorHost.State.Sqlite;

/// <summary>
/// Brings a database file to the newest schema (FR-4). An existing file is first inspected without changing it: a
/// database of a newer schema version than this host knows is refused as it is; one that needs migrating (or a
/// <see cref="SqliteSchemaRepairs">repair</see>) is first copied aside as <c>&lt;file&gt;.bak-&lt;its version&gt;</c>
/// with SQLite's online backup. Then it is switched to WAL and the missing numbered scripts of
/// <see cref="SqliteSchema"/> are applied in order, in one <c>BEGIN IMMEDIATE</c> transaction, recording each in
/// <c>schema_version</c>. Safe to run from several processes at once: the second waits and finds nothing to do.
/// </summary>
internal sealed class SqliteMigrations
{
    private readonly SqliteConnectionFactory _connections;
    private readonly SqliteDialect _dialect;
    private readonly IReadOnlyList<SqliteMigration> _migrations;
    private readonly IReadOnlyList<SqliteSchemaRepair> _repairs;

    public SqliteMigrations(SqliteConnectionFactory connections, TimeProvider clock)
        : this(connections, clock, SqliteSchema.Migrations, SqliteSchemaRepairs.All)
    {
    }

    /// <summary>Creates the runner of a list of migrations (tests use their own), with the repairs that go with them.</summary>
    internal SqliteMigrations(SqliteConnectionFactory connections, TimeProvider clock, IReadOnlyList<SqliteMigration> migrations, IReadOnlyList<SqliteSchemaRepair>? repairs = null)
    {
        this._repairs = repairs ?? [];
        this._connections = connections;
        _dialect = new SqliteDialect(connections, clock);
        this._migrations = SchemaMigrations.Checked(migrations);
    }

    /// <summary>The newest schema version this runner knows.</summary>
    public int LatestVersion => _migrations.Count;

    /// <summary>The copy taken before the last migration, or null when none was needed.</summary>
    public string? Backup { get; private set; }

    /// <summary>The schema version the database had before the last migration (0 for a new file).</summary>
    public int VersionBefore { get; private set; }

    /// <summary>The backup file of a database at <paramref name="version"/>: <c>state.db.bak-1</c>.</summary>
    /// <param name="databasePath">The database file.</param>
    /// <param name="version">Its schema version before migrating.</param>
    /// <returns>The backup's path, beside the database.</returns>
    public static string BackupPath(string databasePath, int version) => $"{databasePath}.bak-{version.ToString(System.Globalization.CultureInfo.InvariantCulture)}";

    public async Task<int> MigrateAsync(CancellationToken cancellationToken)
    {
        _connections.EnsureFolder();
        Backup = null;
        VersionBefore = 0;
        if (File.Exists(_connections.DatabasePath) && new FileInfo(_connections.DatabasePath).Length > 0)
        {
            await BackUpWhenMigratingAsync(cancellationToken).ConfigureAwait(false);
        }

        using var connection = await _connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await EnableWalAsync(connection, cancellationToken).ConfigureAwait(false);

        using var transaction = connection.BeginTransaction(deferred: false);
        using (var create = connection.Command(
            """
            CREATE TABLE IF NOT EXISTS schema_version (
                version     INTEGER NOT NULL PRIMARY KEY,
                description TEXT    NOT NULL,
                applied_at  TEXT    NOT NULL
            );
            """,
            transaction))
        {
            await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await SchemaMigrations.ApplyMissingAsync(_dialect, connection, transaction, _migrations, TooNew, cancellationToken).ConfigureAwait(false);
        foreach (var repair in _repairs)
        {
            if (!await HasColumnAsync(connection, transaction, repair.Table, repair.Column, cancellationToken).ConfigureAwait(false))
            {
                using var add = connection.Command(repair.Sql, transaction);
                await add.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return LatestVersion;
    }

    /// <summary>
    /// Reads the version of an existing database without writing to it; refuses a newer one; copies an older one (or
    /// one that needs a repair) aside before anything changes.
    /// </summary>
    private async Task BackUpWhenMigratingAsync(CancellationToken cancellationToken)
    {
        var readOnly = new SqliteConnectionStringBuilder { DataSource = _connections.DatabasePath, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString();
        using var source = new SqliteConnection(readOnly);
        await source.OpenAsync(cancellationToken).ConfigureAwait(false);
        var version = await ExistingVersionAsync(source, cancellationToken).ConfigureAwait(false);
        VersionBefore = version;
        if (version > LatestVersion)
        {
            throw TooNew(version);
        }

        var needsRepair = false;
        if (version > 0)
        {
            foreach (var repair in _repairs)
            {
                needsRepair |= !await HasColumnAsync(source, null, repair.Table, repair.Column, cancellationToken).ConfigureAwait(false);
            }
        }

        if (version == LatestVersion && !needsRepair)
        {
            return;
        }

        var backup = BackupPath(_connections.DatabasePath, version);
        var partial = backup + ".partial";
        File.Delete(partial);
        using (var destination = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = partial, Pooling = false }.ToString()))
        {
            await destination.OpenAsync(cancellationToken).ConfigureAwait(false);
            source.BackupDatabase(destination);
        }

        File.Move(partial, backup, overwrite: true);
        Backup = backup;
    }

    private InvalidOperationException TooNew(int version) => new(
        $"The state database '{_connections.DatabasePath}' has schema version {version}, newer than this host knows ({LatestVersion}): "
        + "it was written by a newer ConnectorHost. It was left unchanged. Run the newer ConnectorHost again, or restore the backup "
        + $"'{BackupPath(_connections.DatabasePath, LatestVersion)}' that the newer host took before it migrated (see README, Upgrade).");

    private static async Task<int> ExistingVersionAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        using var exists = connection.Command("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_version';");
        if (Convert.ToInt64(await exists.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture) == 0)
        {
            return 0;
        }

        return await SchemaMigrations.CurrentVersionAsync(connection, null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Whether the column exists; a missing table counts as having it (nothing to repair).</summary>
    private static async Task<bool> HasColumnAsync(SqliteConnection connection, SqliteTransaction? transaction, string table, string column, CancellationToken cancellationToken)
    {
        using var command = connection.Command(
            "SELECT NOT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = @table) OR EXISTS (SELECT 1 FROM pragma_table_info(@table) WHERE name = @column);",
            transaction);
        command.AddText("@table", table);
        command.AddText("@column", column);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture) > 0;
    }

    private async Task EnableWalAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        using var command = connection.Command("PRAGMA journal_mode = WAL;");
        var mode = (string?)await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException(
                $"The state database '{_connections.DatabasePath}' cannot use WAL mode (journal mode is '{mode}'); is it on a network share?");
        }
    }
}

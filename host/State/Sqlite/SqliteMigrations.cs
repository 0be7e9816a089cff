using Microsoft.Data.Sqlite;

namespace ConnectorHost.State.Sqlite;

/// <summary>
/// Brings a database file to the newest schema: switches it to WAL, then applies the missing numbered scripts of
/// <see cref="SqliteSchema"/> in order, in one <c>BEGIN IMMEDIATE</c> transaction, recording each in
/// <c>schema_version</c>. Safe to run from several processes at once: the second waits and finds nothing to do.
/// </summary>
internal sealed class SqliteMigrations
{
    private readonly SqliteConnectionFactory connections;
    private readonly TimeProvider clock;
    private readonly IReadOnlyList<SqliteMigration> migrations;

    public SqliteMigrations(SqliteConnectionFactory connections, TimeProvider clock)
        : this(connections, clock, SqliteSchema.Migrations)
    {
    }

    /// <summary>Creates the runner of a list of migrations (tests use their own).</summary>
    internal SqliteMigrations(SqliteConnectionFactory connections, TimeProvider clock, IReadOnlyList<SqliteMigration> migrations)
    {
        for (var i = 0; i < migrations.Count; i++)
        {
            if (migrations[i].Version != i + 1)
            {
                throw new ArgumentException(
                    $"Migration {i + 1} has version {migrations[i].Version}: versions must run 1, 2, 3, … without gaps.", nameof(migrations));
            }
        }

        this.connections = connections;
        this.clock = clock;
        this.migrations = migrations;
    }

    /// <summary>The newest schema version this runner knows.</summary>
    public int LatestVersion => migrations.Count;

    public async Task<int> MigrateAsync(CancellationToken cancellationToken)
    {
        connections.EnsureFolder();
        using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
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

        var current = await CurrentVersionAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
        if (current > LatestVersion)
        {
            throw new InvalidOperationException(
                $"The state database '{connections.DatabasePath}' has schema version {current}, newer than this host knows ({LatestVersion}). Use a newer host.");
        }

        foreach (var migration in migrations.Where(m => m.Version > current))
        {
            await ApplyScriptAsync(connection, transaction, migration, cancellationToken).ConfigureAwait(false);

            using var record = connection.Command(
                "INSERT INTO schema_version (version, description, applied_at) VALUES (@version, @description, @at);",
                transaction);
            record.Add("@version", migration.Version);
            record.Add("@description", migration.Description);
            record.Add("@at", SqliteValues.Moment(clock.GetUtcNow()));
            await record.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return LatestVersion;
    }

    /// <summary>
    /// Runs every statement of a script, stepping through the results so that the error of any statement comes
    /// out: ExecuteNonQuery in Microsoft.Data.Sqlite 10.0.1 swallows the errors of the statements after one that
    /// returns rows (dotnet/efcore#32740).
    /// </summary>
    private static async Task ApplyScriptAsync(
        SqliteConnection connection, SqliteTransaction transaction, SqliteMigration migration, CancellationToken cancellationToken)
    {
        using var apply = connection.Command(migration.Sql, transaction);
        using var reader = await apply.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.NextResultAsync(cancellationToken).ConfigureAwait(false))
        {
        }
    }

    private async Task EnableWalAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        using var command = connection.Command("PRAGMA journal_mode = WAL;");
        var mode = (string?)await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException(
                $"The state database '{connections.DatabasePath}' cannot use WAL mode (journal mode is '{mode}'); is it on a network share?");
        }
    }

    private static async Task<int> CurrentVersionAsync(SqliteConnection connection, SqliteTransaction transaction, CancellationToken cancellationToken)
    {
        using var command = connection.Command("SELECT COALESCE(MAX(version), 0) FROM schema_version;", transaction);
        var value = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        return Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture);
    }
}

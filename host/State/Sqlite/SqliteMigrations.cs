using Microsoft.Data.Sqlite;

namespace ConnectorHost.State.Sqlite;

/// <summary>
/// Brings a database file to the newest schema: switches it to WAL, then applies the missing numbered scripts of
/// <see cref="SqliteSchema"/> in order, in one <c>BEGIN IMMEDIATE</c> transaction, recording each in
/// <c>schema_version</c>. Safe to run from several processes at once: the second waits and finds nothing to do.
/// </summary>
internal sealed class SqliteMigrations(SqliteConnectionFactory connections, TimeProvider clock)
{
    /// <summary>The newest schema version this code knows.</summary>
    public static int LatestVersion => SqliteSchema.Migrations[^1].Version;

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

        foreach (var migration in SqliteSchema.Migrations.Where(m => m.Version > current))
        {
            using (var apply = connection.Command(migration.Sql, transaction))
            {
                await apply.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

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

using Npgsql;

namespace ConnectorHost.State.Postgres;

/// <summary>
/// Brings a database to the newest schema: applies the missing numbered scripts of <see cref="PostgresSchema"/> in
/// order, in one transaction, recording each in <c>schema_version</c>. Safe when several hosts start at once: the
/// transaction first takes a transaction-scoped advisory lock, so the others wait for it and then find nothing to do.
/// </summary>
internal sealed class PostgresMigrations
{
    /// <summary>The advisory lock key of migrations ("CHMIGRAT" as a number): one per database.</summary>
    internal const long LockKey = 0x43484D4947524154;

    private readonly PostgresConnectionFactory connections;
    private readonly TimeProvider? clock;
    private readonly IReadOnlyList<PostgresMigration> migrations;

    public PostgresMigrations(PostgresConnectionFactory connections, TimeProvider? clock)
        : this(connections, clock, PostgresSchema.Migrations)
    {
    }

    /// <summary>Creates the runner of a list of migrations (tests use their own).</summary>
    internal PostgresMigrations(PostgresConnectionFactory connections, TimeProvider? clock, IReadOnlyList<PostgresMigration> migrations)
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

    public Task<int> MigrateAsync(CancellationToken cancellationToken) =>
        connections.WriteAsync(
            async (connection, transaction) =>
            {
                using (var prepare = connection.Command(
                    """
                    SELECT pg_advisory_xact_lock(@lock);
                    CREATE TABLE IF NOT EXISTS schema_version (
                        version     INTEGER     NOT NULL PRIMARY KEY,
                        description TEXT        NOT NULL,
                        applied_at  TIMESTAMPTZ NOT NULL
                    );
                    """,
                    transaction))
                {
                    prepare.AddBigint("lock", LockKey);
                    await prepare.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                var current = await CurrentVersionAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
                if (current > LatestVersion)
                {
                    throw new InvalidOperationException(
                        $"The state database '{connections.Description}' has schema version {current}, newer than this host knows ({LatestVersion}). Use a newer host.");
                }

                foreach (var migration in migrations.Where(m => m.Version > current))
                {
                    using (var apply = connection.Command(migration.Sql, transaction))
                    {
                        await apply.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                    }

                    using var record = connection.Command(
                        $"INSERT INTO schema_version (version, description, applied_at) VALUES (@version, @description, {PostgresValues.Now});",
                        transaction);
                    record.AddInteger("version", migration.Version);
                    record.AddText("description", migration.Description);
                    record.AddNow(clock);
                    await record.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                return LatestVersion;
            },
            cancellationToken);

    private static async Task<int> CurrentVersionAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        using var command = connection.Command("SELECT COALESCE(MAX(version), 0) FROM schema_version;", transaction);
        return PostgresValues.ToInt32(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false));
    }
}

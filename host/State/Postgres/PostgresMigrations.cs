using ConnectorHost.State.Sql;

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

    private readonly PostgresConnectionFactory _connections;
    private readonly PostgresDialect _dialect;
    private readonly IReadOnlyList<PostgresMigration> _migrations;

    public PostgresMigrations(PostgresConnectionFactory connections, TimeProvider? clock)
        : this(connections, clock, PostgresSchema.Migrations)
    {
    }

    /// <summary>Creates the runner of a list of migrations (tests use their own).</summary>
    internal PostgresMigrations(PostgresConnectionFactory connections, TimeProvider? clock, IReadOnlyList<PostgresMigration> migrations)
    {
        this._connections = connections;
        _dialect = new PostgresDialect(connections, clock);
        this._migrations = SchemaMigrations.Checked(migrations);
    }

    /// <summary>The newest schema version this runner knows.</summary>
    public int LatestVersion => _migrations.Count;

    public Task<int> MigrateAsync(CancellationToken cancellationToken) =>
        _dialect.WriteAsync(
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
                    prepare.AddBigint("@lock", LockKey);
                    await prepare.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                return await SchemaMigrations.ApplyMissingAsync(_dialect, connection, transaction, _migrations, TooNew, cancellationToken)
                    .ConfigureAwait(false);
            },
            cancellationToken);

    private InvalidOperationException TooNew(int version) => new(
        $"The state database '{_connections.Description}' has schema version {version}, newer than this host knows ({LatestVersion}). Use a newer host.");
}

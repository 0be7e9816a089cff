using ConnectorHost.State.Sql;

namespace ConnectorHost.State.Postgres;

/// <summary>
/// The shared state store: one PostgreSQL database that several hosts use at once, each with its own pool of
/// connections. Every method is one transaction. Task leases run on the database's clock (<c>now()</c>), so hosts
/// whose clocks disagree still agree on when a lease runs out. Call <see cref="MigrateAsync"/> once before anything
/// else (several hosts may do so at the same moment).
/// </summary>
public sealed class PostgresStateStore : SqlStateStore, IAsyncDisposable, IDisposable
{
    private readonly PostgresConnectionFactory _connections;
    private readonly PostgresMigrations _migrations;

    /// <summary>Creates a store on a database whose every stored moment and lease comes from the database's clock.</summary>
    /// <param name="connectionString">An Npgsql connection string; the role needs to create tables in its schema.</param>
    public PostgresStateStore(string connectionString)
        : this(connectionString, null)
    {
    }

    /// <summary>
    /// Creates a store whose stored moments and leases come from <paramref name="clock"/> instead of the database's
    /// clock, for tests that move time; <c>null</c> is the database's clock. With a clock, hosts sharing the
    /// database must have clocks that agree.
    /// </summary>
    /// <param name="connectionString">An Npgsql connection string.</param>
    /// <param name="clock">The clock, or <c>null</c> for the database's.</param>
    public PostgresStateStore(string connectionString, TimeProvider? clock)
        : this(new PostgresConnectionFactory(connectionString), clock)
    {
    }

    private PostgresStateStore(PostgresConnectionFactory connections, TimeProvider? clock)
        : this(connections, new PostgresDialect(connections, clock), clock)
    {
    }

    private PostgresStateStore(PostgresConnectionFactory connections, PostgresDialect dialect, TimeProvider? clock)
        : base(dialect, new PostgresTaskQueue(dialect))
    {
        this._connections = connections;
        _migrations = new PostgresMigrations(connections, clock);
    }

    /// <summary>Where the database is (host, port, database), for messages.</summary>
    public string Description => _connections.Description;

    /// <summary>The newest schema version this code knows.</summary>
    public static int LatestSchemaVersion => PostgresSchema.Migrations.Count;

    /// <inheritdoc />
    public override Task<int> MigrateAsync(CancellationToken cancellationToken) => _migrations.MigrateAsync(cancellationToken);

    /// <summary>Closes the pool's connections.</summary>
    /// <returns>A task that completes when they are closed.</returns>
    public ValueTask DisposeAsync() => _connections.DisposeAsync();

    /// <summary>Closes the pool's connections.</summary>
    public void Dispose() => _connections.Dispose();
}

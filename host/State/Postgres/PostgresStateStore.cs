using ConnectorHost.Abstractions.State;

namespace ConnectorHost.State.Postgres;

/// <summary>
/// The shared state store: one PostgreSQL database that several hosts use at once, each with its own pool of
/// connections. Every method is one transaction. Task leases run on the database's clock (<c>now()</c>), so hosts
/// whose clocks disagree still agree on when a lease runs out. Call <see cref="MigrateAsync"/> once before anything
/// else (several hosts may do so at the same moment).
/// </summary>
public sealed class PostgresStateStore : IHostStateStore, IAsyncDisposable, IDisposable
{
    private readonly PostgresConnectionFactory connections;
    private readonly PostgresMigrations migrations;

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
    {
        connections = new PostgresConnectionFactory(connectionString);
        migrations = new PostgresMigrations(connections, clock);
        Documents = new PostgresDocumentLedger(connections, clock);
        Records = new PostgresRecordStore(connections, clock);
        Tasks = new PostgresTaskQueue(connections, clock);
        Instructions = new PostgresInstructionStore(connections, clock);
        Audit = new PostgresAuditLog(connections, clock);
        Leases = new PostgresPipelineLeases(connections, clock);
    }

    /// <summary>Where the database is (host, port, database), for messages.</summary>
    public string Description => connections.Description;

    /// <summary>The newest schema version this code knows.</summary>
    public static int LatestSchemaVersion => PostgresSchema.Migrations.Count;

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

    /// <summary>Closes the pool's connections.</summary>
    /// <returns>A task that completes when they are closed.</returns>
    public ValueTask DisposeAsync() => connections.DisposeAsync();

    /// <summary>Closes the pool's connections.</summary>
    public void Dispose() => connections.Dispose();
}

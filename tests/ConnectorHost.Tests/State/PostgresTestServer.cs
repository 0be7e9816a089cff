using ConnectorHost.State;
using ConnectorHost.State.Postgres;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace ConnectorHost.Tests.State;

/// <summary>
/// The PostgreSQL server of the tests, found through <see cref="Variable"/> (an admin-capable connection string for
/// 127.0.0.1; <c>bash tests/run-all.sh</c> starts a local server and sets it). A test class that uses this fixture
/// gets a database of its own, dropped after it, and each test a fresh schema in it. Without the variable every
/// such test fails and says how to get a server: a PostgreSQL test never skips.
/// </summary>
public sealed class PostgresTestServer : IAsyncLifetime
{
    /// <summary>The environment variable with the admin connection string.</summary>
    public const string Variable = "CONNECTORHOST_TEST_POSTGRES";

    private readonly string? _admin = Environment.GetEnvironmentVariable(Variable);
    private readonly string _database = $"connectorhost_test_{Guid.NewGuid():N}";
    private int _schemas;

    /// <summary>The connection string of this class's database (without a search path).</summary>
    public string ConnectionString => new NpgsqlConnectionStringBuilder(Admin) { Database = _database, Pooling = true }.ConnectionString;

    private string Admin => string.IsNullOrWhiteSpace(_admin)
        ? throw new InvalidOperationException(
            $"The PostgreSQL tests need a server: run 'bash tests/run-all.sh' (it starts a local PostgreSQL and sets {Variable}), " +
            $"or set {Variable} to an admin-capable connection string, for example " +
            "Host=127.0.0.1;Username=connectorhost;Password=connectorhost;Database=connectorhost.")
        : _admin;

    public async Task InitializeAsync()
    {
        if (string.IsNullOrWhiteSpace(_admin))
        {
            return; // every test of the class fails in CreateDatabaseAsync with the message of Admin
        }

        await AdminAsync($"CREATE DATABASE {_database};");
    }

    public async Task DisposeAsync()
    {
        if (!string.IsNullOrWhiteSpace(_admin))
        {
            NpgsqlConnection.ClearAllPools();
            // Test classes end in parallel: a drop that meets another class's drop of its database at the same moment
            // ("tuple concurrently updated") is tried again; a lasting failure still fails the cleanup.
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    await AdminAsync($"DROP DATABASE IF EXISTS {_database} WITH (FORCE);");
                    return;
                }
                catch (PostgresException) when (attempt < 5)
                {
                    await Task.Delay(200 * attempt);
                }
            }
        }
    }

    /// <summary>A fresh schema in this class's database, for one test.</summary>
    public async Task<IStateTestDatabase> CreateDatabaseAsync()
    {
        var schema = $"test_{Interlocked.Increment(ref _schemas)}";
        await using (var connection = new NpgsqlConnection(ConnectionString))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE SCHEMA {schema};", connection);
            await create.ExecuteNonQueryAsync();
        }

        return new TempPostgresDatabase(new NpgsqlConnectionStringBuilder(ConnectionString) { SearchPath = schema }.ConnectionString);
    }

    private async Task AdminAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(Admin) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}

/// <summary>One test's schema of PostgreSQL: the stores opened on it are closed after the test.</summary>
public sealed class TempPostgresDatabase(string connectionString) : IStateTestDatabase
{
    private readonly List<PostgresStateStore> _opened = [];

    public string ConnectionString { get; } = connectionString;

    public FakeTimeProvider Clock { get; } = new(TempStateDatabase.Start);

    /// <summary>A store on the database's own clock (what a host uses), closed after the test.</summary>
    public PostgresStateStore OpenOnDatabaseClock() => Track(new PostgresStateStore(ConnectionString));

    public IHostStateStore Open(TimeProvider? clock = null) => Track(new PostgresStateStore(ConnectionString, clock ?? Clock));

    public async Task<IHostStateStore> OpenMigratedAsync(TimeProvider? clock = null)
    {
        var store = Open(clock);
        await store.MigrateAsync(CancellationToken.None);
        return store;
    }

    public async ValueTask DisposeAsync()
    {
        List<PostgresStateStore> stores;
        lock (_opened)
        {
            stores = [.. _opened];
        }

        foreach (var store in stores)
        {
            await store.DisposeAsync();
        }
    }

    private PostgresStateStore Track(PostgresStateStore store)
    {
        lock (_opened)
        {
            _opened.Add(store);
        }

        return store;
    }
}

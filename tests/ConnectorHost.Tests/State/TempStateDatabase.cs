using ConnectorHost.State;
using ConnectorHost.State.Sqlite;
using Microsoft.Extensions.Time.Testing;

namespace ConnectorHost.Tests.State;

/// <summary>A SQLite state database in a fresh temp folder (in a sub folder that does not exist yet), deleted after the test.</summary>
public sealed class TempStateDatabase : IStateTestDatabase, IDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);

    private readonly string _root = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "connectorhost-state-tests", Guid.NewGuid().ToString("N"));

    public TempStateDatabase() => Path = System.IO.Path.Combine(_root, "data", "state.db");

    public string Path { get; }

    public FakeTimeProvider Clock { get; } = new(Start);

    /// <summary>A new store instance on the database file (not migrated).</summary>
    public SqliteStateStore Open(TimeProvider? clock = null) => new(Path, clock ?? Clock);

    /// <summary>A new store instance on the database file, migrated.</summary>
    public async Task<SqliteStateStore> OpenMigratedAsync(TimeProvider? clock = null)
    {
        var store = Open(clock);
        await store.MigrateAsync(CancellationToken.None);
        return store;
    }

    IHostStateStore IStateTestDatabase.Open(TimeProvider? clock) => Open(clock);

    async Task<IHostStateStore> IStateTestDatabase.OpenMigratedAsync(TimeProvider? clock) => await OpenMigratedAsync(clock);

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    public void Dispose()
    {
        new SqliteConnectionFactory(Path).ClearPool();
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }
}

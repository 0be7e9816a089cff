using ConnectorHost.State;
using Microsoft.Extensions.Time.Testing;

namespace ConnectorHost.Tests.State;

/// <summary>
/// A fresh, empty state database for one test, on SQLite or PostgreSQL: the contract tests of the state store run
/// the same on both through this.
/// </summary>
public interface IStateTestDatabase : IAsyncDisposable
{
    /// <summary>The clock of the stores opened without one.</summary>
    FakeTimeProvider Clock { get; }

    /// <summary>A new store instance (its own connections) on the database, not migrated.</summary>
    IHostStateStore Open(TimeProvider? clock = null);

    /// <summary>A new store instance on the database, migrated.</summary>
    Task<IHostStateStore> OpenMigratedAsync(TimeProvider? clock = null);
}

/// <summary>The base of the state store's contract tests: a fresh database per test, from the subclass.</summary>
public abstract class StateStoreContract : IAsyncLifetime
{
    private IStateTestDatabase? _db;

    /// <summary>This test's database.</summary>
    protected IStateTestDatabase Db => _db ?? throw new InvalidOperationException("The test database is made in InitializeAsync.");

    public async Task InitializeAsync() => _db = await CreateDatabaseAsync();

    public async Task DisposeAsync()
    {
        if (_db is not null)
        {
            await _db.DisposeAsync();
        }
    }

    /// <summary>Makes this test's database.</summary>
    protected abstract Task<IStateTestDatabase> CreateDatabaseAsync();
}

using BenchmarkDotNet.Attributes;
using ConnectorHost.State;
using ConnectorHost.State.Sqlite;

namespace ConnectorHost.Benchmarks;

/// <summary>
/// The SQLite ledger's cost per document: one document's bookkeeping is an insert and three updates
/// (submitting → pending → approved → put away), each its own durable transaction.
/// </summary>
[MemoryDiagnoser]
public class LedgerBenchmarks
{
    private string _folder = string.Empty;
    private SqliteStateStore _store = null!;
    private int _next;

    [GlobalSetup]
    public async Task Setup()
    {
        _folder = Path.Combine(Path.GetTempPath(), "connectorhost-bench-" + Guid.NewGuid().ToString("N"));
        _store = new SqliteStateStore(Path.Combine(_folder, "state.db"), TimeProvider.System);
        await _store.MigrateAsync(CancellationToken.None);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Benchmark(Description = "one document's full ledger lifecycle")]
    public async Task Lifecycle()
    {
        var key = $"{Interlocked.Increment(ref _next):x64}";
        var now = DateTimeOffset.UtcNow;
        var ledger = _store.Documents;
        await ledger.InsertIfNewAsync(new LedgerEntry { Key = key, Pipeline = "bench", Locator = "/in/" + key, FileName = key + ".pdf", Status = LedgerStatus.Submitting, CreatedAt = now, UpdatedAt = now }, CancellationToken.None);
        await ledger.UpdateAsync(key, new LedgerChange(LedgerStatus.Pending) { PortalReference = "ref" }, CancellationToken.None);
        await ledger.UpdateAsync(key, new LedgerChange(LedgerStatus.Approved), CancellationToken.None);
        await ledger.UpdateAsync(key, new LedgerChange(LedgerStatus.Approved) { Completed = true }, CancellationToken.None);
    }
}

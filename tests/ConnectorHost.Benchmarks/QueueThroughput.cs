using System.Diagnostics;
using System.Globalization;
using ConnectorHost.Abstractions.State;
using ConnectorHost.State;
using ConnectorHost.State.Postgres;
using ConnectorHost.State.Sqlite;
using Npgsql;

namespace ConnectorHost.Benchmarks;

/// <summary>
/// The task queue's throughput: N tasks over D dossiers, claimed and completed by 1, 2 and 4 workers, on the SQLite
/// store or on the PostgreSQL store (then also two hosts, each a store instance with its own pool, with 2 workers
/// each). The "package" does nothing, so the figure is the queue's own cost per task; add the package's time per
/// task on top. A plain stopwatch run (one pass is minutes of work, too long to repeat under BenchmarkDotNet).
/// PostgreSQL: a fresh database per pass on the server of CONNECTORHOST_TEST_POSTGRES (an admin-capable
/// connection string), dropped after it.
/// </summary>
internal static class QueueThroughput
{
    private const string Variable = "CONNECTORHOST_TEST_POSTGRES";

    public static async Task RunAsync(int tasks, int dossiers, bool postgres)
    {
        var admin = Environment.GetEnvironmentVariable(Variable);
        if (postgres && string.IsNullOrWhiteSpace(admin))
        {
            throw new InvalidOperationException($"Set {Variable} to an admin-capable connection string (bash tests/bench.sh starts a local PostgreSQL and sets it).");
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Queue throughput: {tasks} tasks over {dossiers} dossiers, {(postgres ? "PostgreSQL" : "SQLite (WAL)")}, package cost 0"));
        var passes = new List<(int Hosts, int WorkersPerHost)> { (1, 1), (1, 2), (1, 4) };
        if (postgres)
        {
            passes.Add((2, 2));
        }

        foreach (var (hosts, workersPerHost) in passes)
        {
            var (stores, cleanUp) = postgres ? await OpenPostgresAsync(admin!, hosts) : OpenSqlite();
            try
            {
                await stores[0].MigrateAsync(CancellationToken.None);
                var start = DateTimeOffset.UtcNow.AddDays(-1);
                var enqueue = Stopwatch.StartNew();
                await stores[0].Tasks.EnqueueManyAsync(
                    Enumerable.Range(0, tasks).Select(i => new NewTask("bench", $"t{i}", $"D{i % dossiers}", "process-booking-proposal", "{}", start.AddMilliseconds(i))).ToList(),
                    CancellationToken.None);
                enqueue.Stop();
                var done = 0;
                var run = Stopwatch.StartNew();
                await Task.WhenAll(
                    from host in Enumerable.Range(0, hosts)
                    from w in Enumerable.Range(0, workersPerHost)
                    select Task.Run(async () =>
                    {
                        var store = stores[host];
                        var worker = $"h{host}w{w}";
                        while (await store.Tasks.ClaimNextAsync("bench", worker, TimeSpan.FromMinutes(5), CancellationToken.None) is { } lease)
                        {
                            await store.Tasks.CompleteAsync(lease, CancellationToken.None);
                            Interlocked.Increment(ref done);
                        }
                    }));
                run.Stop();
                var who = hosts == 1 ? $"{workersPerHost} worker(s)" : $"{hosts} hosts x {workersPerHost} workers";
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {who}: {done} tasks in {run.Elapsed.TotalSeconds:0.0} s = {done / run.Elapsed.TotalSeconds:0} tasks/s (enqueueing them took {enqueue.Elapsed.TotalSeconds:0.0} s)"));
            }
            finally
            {
                await cleanUp();
            }
        }
    }

    private static (IHostStateStore[] Stores, Func<Task> CleanUp) OpenSqlite()
    {
        var folder = Path.Combine(Path.GetTempPath(), "connectorhost-queue-bench-" + Guid.NewGuid().ToString("N"));
        var store = new SqliteStateStore(Path.Combine(folder, "state.db"), TimeProvider.System);
        return ([store], () =>
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
            return Task.CompletedTask;
        });
    }

    private static async Task<(IHostStateStore[] Stores, Func<Task> CleanUp)> OpenPostgresAsync(string admin, int hosts)
    {
        var database = $"connectorhost_bench_{Guid.NewGuid():N}";
        await AdminAsync(admin, $"CREATE DATABASE {database};");
        var connectionString = new NpgsqlConnectionStringBuilder(admin) { Database = database }.ConnectionString;
        var stores = Enumerable.Range(0, hosts).Select(_ => new PostgresStateStore(connectionString)).ToArray();
        return (stores, async () =>
        {
            foreach (var store in stores)
            {
                await store.DisposeAsync();
            }

            await AdminAsync(admin, $"DROP DATABASE IF EXISTS {database} WITH (FORCE);");
        });
    }

    private static async Task AdminAsync(string admin, string sql)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(admin) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}

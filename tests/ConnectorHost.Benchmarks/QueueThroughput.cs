using System.Diagnostics;
using System.Globalization;
using ConnectorHost.Abstractions.Queues;
using ConnectorHost.Abstractions.State;
using ConnectorHost.Abstractions.Sync;
using ConnectorHost.Queues;
using ConnectorHost.State;
using ConnectorHost.State.Postgres;
using ConnectorHost.State.Sqlite;
using ConnectorHost.Testing;
using Npgsql;

namespace ConnectorHost.Benchmarks;

/// <summary>
/// The task queue's throughput: N tasks over D dossiers, run by the host's queue runner (<see cref="QueueRunner"/>:
/// claims in batches, leases with heartbeats, group completion) with 1, 2 and 4 workers, on the SQLite store or on the
/// PostgreSQL store (then also two hosts, each a runner on its own store instance and pool, with 2 workers each). The
/// handler does nothing, so the figure is the queue's own cost per task; add the package's time per task on top. A plain stopwatch run (one pass is minutes of work, too long to repeat under BenchmarkDotNet).
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
        // The first pass is the store alone (claim one, complete one, no runner): what each task costs at the least.
        var passes = new List<(int Hosts, int WorkersPerHost, bool StoreAlone)> { (1, 1, true), (1, 1, false), (1, 2, false), (1, 4, false) };
        if (postgres)
        {
            passes.Add((2, 2, false));
        }

        foreach (var (hosts, workersPerHost, storeAlone) in passes)
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
                if (storeAlone)
                {
                    var alone = Stopwatch.StartNew();
                    var completed = 0;
                    while (await stores[0].Tasks.ClaimNextAsync("bench", "alone", TimeSpan.FromMinutes(5), CancellationToken.None) is { } lease)
                    {
                        completed += await stores[0].Tasks.CompleteAsync(lease, CancellationToken.None) ? 1 : 0;
                    }

                    alone.Stop();
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  the store alone, 1 worker: {completed} tasks in {alone.Elapsed.TotalSeconds:0.0} s = {completed / alone.Elapsed.TotalSeconds:0} tasks/s"));
                    continue;
                }

                var handler = new NothingHandler();
                var runners = stores.Select(store => new QueueRunner(
                    handler,
                    new QueueSettings { Workers = workersPerHost, LeaseDuration = TimeSpan.FromMinutes(5) },
                    new TestComponentContext(store, TimeProvider.System, "bench", Path.Combine(Path.GetTempPath(), "connectorhost-queue-bench-data")))).ToList();
                var run = Stopwatch.StartNew();
                var results = await Task.WhenAll(runners.Select(r => Task.Run(() => r.RunAsync(CancellationToken.None))));
                run.Stop();
                var done = handler.Runs;
                if (done != tasks || results.Any(r => r.Kind != SyncResultKind.Success))
                {
                    throw new InvalidOperationException($"The runners ran {done} of {tasks} tasks: {string.Join("; ", results.Select(r => r.Summary))}");
                }

                var who = hosts == 1 ? $"{workersPerHost} worker(s)" : $"{hosts} hosts x {workersPerHost} workers";
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {who}: {done} tasks in {run.Elapsed.TotalSeconds:0.0} s = {done / run.Elapsed.TotalSeconds:0} tasks/s (enqueueing them took {enqueue.Elapsed.TotalSeconds:0.0} s)"));
            }
            finally
            {
                await cleanUp();
            }
        }
    }

    /// <summary>A handler whose package costs nothing: every task is done at once.</summary>
    private sealed class NothingHandler : IQueueTaskHandler
    {
        private int _runs;

        public int Runs => Volatile.Read(ref _runs);

        public Task<IReadOnlyList<NewTask>> FetchAsync(CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<NewTask>>([]);

        public Task<QueueTaskResult> RunAsync(QueuedTask task, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _runs);
            return Task.FromResult(QueueTaskResult.Done());
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

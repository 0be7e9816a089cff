using System.Diagnostics;
using System.Globalization;
using ConnectorHost.Abstractions.State;
using ConnectorHost.State.Sqlite;

namespace ConnectorHost.Benchmarks;

/// <summary>
/// The task queue's throughput on the SQLite store: N tasks over D dossiers, claimed and completed by 1, 2 and 4
/// workers. The "package" does nothing, so the figure is the queue's own cost per task; add the package's time per
/// task on top. A plain stopwatch run (one pass is minutes of work, too long to repeat under BenchmarkDotNet).
/// </summary>
internal static class QueueThroughput
{
    public static async Task RunAsync(int tasks, int dossiers)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Queue throughput: {tasks} tasks over {dossiers} dossiers, SQLite (WAL), package cost 0"));
        foreach (var workers in new[] { 1, 2, 4 })
        {
            var folder = Path.Combine(Path.GetTempPath(), "connectorhost-queue-bench-" + Guid.NewGuid().ToString("N"));
            try
            {
                var store = new SqliteStateStore(Path.Combine(folder, "state.db"), TimeProvider.System);
                await store.MigrateAsync(CancellationToken.None);
                var start = DateTimeOffset.UtcNow.AddDays(-1);
                var enqueue = Stopwatch.StartNew();
                await store.Tasks.EnqueueManyAsync(
                    Enumerable.Range(0, tasks).Select(i => new NewTask("bench", $"t{i}", $"D{i % dossiers}", "process-booking-proposal", "{}", start.AddMilliseconds(i))).ToList(),
                    CancellationToken.None);
                enqueue.Stop();
                var done = 0;
                var run = Stopwatch.StartNew();
                await Task.WhenAll(Enumerable.Range(0, workers).Select(w => Task.Run(async () =>
                {
                    var worker = $"w{w}";
                    while (await store.Tasks.ClaimNextAsync("bench", worker, TimeSpan.FromMinutes(5), CancellationToken.None) is { } lease)
                    {
                        await store.Tasks.CompleteAsync(lease, CancellationToken.None);
                        Interlocked.Increment(ref done);
                    }
                })));
                run.Stop();
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {workers} worker(s): {done} tasks in {run.Elapsed.TotalSeconds:0.0} s = {done / run.Elapsed.TotalSeconds:0} tasks/s (enqueueing them took {enqueue.Elapsed.TotalSeconds:0.0} s)"));
            }
            finally
            {
                Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                Directory.Delete(folder, recursive: true);
            }
        }
    }
}

using System.Collections.Concurrent;
using ConnectorHost.Abstractions.State;

namespace ConnectorHost.Tests.State;

public abstract class TaskQueueConcurrencyTests : StateStoreContract
{
    private const string Queue = "accounting";
    private const int TaskCount = 200;
    private const int DossierCount = 10;
    private const int WorkerCount = 4;

    [Fact]
    public async Task Four_workers_on_separate_store_instances_complete_every_task_once_in_dossier_order()
    {
        var setup = await Db.OpenMigratedAsync();
        // Enqueued in a shuffled order: delivery order, not arrival, is the FIFO.
        var delivered = Enumerable.Range(0, TaskCount)
            .Select(i => new NewTask(Queue, $"t{i:000}", $"d{i % DossierCount}", "run", "{}", TempStateDatabase.Start.AddSeconds(i)))
            .ToList();
        foreach (var task in delivered.OrderBy(_ => Random.Shared.Next()))
        {
            (await setup.Tasks.EnqueueAsync(task, CancellationToken.None)).ShouldBeTrue();
        }

        var executionOrder = new ConcurrentDictionary<string, ConcurrentQueue<string>>();
        var overlaps = new OverlapDetector();
        var completions = new ConcurrentBag<long>();
        var violations = new ConcurrentBag<string>();
        var completed = 0;
        using var guard = new CancellationTokenSource(TimeSpan.FromMinutes(2)); // a guard against a hang, not a timing assertion

        async Task Work(int worker)
        {
            var store = await Db.OpenMigratedAsync(); // each worker: its own instance (and connections) on the same file
            var name = $"w{worker}";
            while (Volatile.Read(ref completed) < TaskCount)
            {
                guard.Token.ThrowIfCancellationRequested();
                var lease = await store.Tasks.ClaimNextAsync(Queue, name, TimeSpan.FromMinutes(10), guard.Token);
                if (lease is null)
                {
                    await Task.Yield();
                    continue;
                }

                var dossier = lease.Task.Dossier;
                using (overlaps.Enter(dossier, name))
                {
                    // Recorded while the lease is held: nobody else can run a task of this dossier in the meantime.
                    executionOrder.GetOrAdd(dossier, _ => new ConcurrentQueue<string>()).Enqueue(lease.Task.ExternalId);

                    // The "work": real awaits, so the other workers claim in the middle of it. A second claim in this
                    // dossier the store allowed now would be inside the detector at the same time.
                    await Task.Yield();
                    await Task.Delay(Random.Shared.Next(0, 3), guard.Token);
                }

                if (await store.Tasks.CompleteAsync(lease, guard.Token))
                {
                    completions.Add(lease.Task.Id);
                    Interlocked.Increment(ref completed);
                }
                else
                {
                    violations.Add($"lease on {lease.Task.ExternalId} lost");
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, WorkerCount).Select(w => Task.Run(() => Work(w))));

        overlaps.Overlaps.ShouldBeEmpty();
        violations.ShouldBeEmpty();
        completions.Count.ShouldBe(TaskCount);
        completions.Distinct().Count().ShouldBe(TaskCount);
        foreach (var group in delivered.GroupBy(t => t.Dossier))
        {
            executionOrder[group.Key].ToList().ShouldBe(group.Select(t => t.ExternalId).ToList(), $"order of {group.Key}");
        }

        var all = await setup.Tasks.ListAsync(new TaskQuery(Queue, Limit: 1000), CancellationToken.None);
        all.Count.ShouldBe(TaskCount);
        all.ShouldAllBe(t => t.Status == QueuedTaskStatus.Done && t.Attempts == 1);
    }
}

public sealed class SqliteTaskQueueConcurrencyTests : TaskQueueConcurrencyTests
{
    protected override Task<IStateTestDatabase> CreateDatabaseAsync() => Task.FromResult<IStateTestDatabase>(new TempStateDatabase());
}

public sealed class PostgresTaskQueueConcurrencyTests(PostgresTestServer server) : TaskQueueConcurrencyTests, IClassFixture<PostgresTestServer>
{
    protected override Task<IStateTestDatabase> CreateDatabaseAsync() => server.CreateDatabaseAsync();
}

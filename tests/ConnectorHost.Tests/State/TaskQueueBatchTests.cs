using System.Collections.Concurrent;
using ConnectorHost.Abstractions.State;
using ConnectorHost.Abstractions.Sync;

namespace ConnectorHost.Tests.State;

/// <summary>The store's batch claim and batch completion (<see cref="ITaskQueue.ClaimManyAsync"/>, <see cref="ITaskQueue.CompleteManyAsync"/>), on both providers.</summary>
public abstract class TaskQueueBatchTests : StateStoreContract
{
    private const string Queue = "accounting";
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);

    [Fact]
    [Trait("Req", "AT-3")]
    [Trait("Req", "AT-4")]
    public async Task A_batch_claim_takes_the_oldest_task_of_each_free_dossier_never_two_of_one_dossier_and_at_most_max()
    {
        var tasks = (await Db.OpenMigratedAsync()).Tasks;
        // Delivered out of order on purpose; C is blocked by a failed task, D has a running task.
        await Enqueue(tasks, New("A2", "A", 6), New("B1", "B", 2), New("A1", "A", 1), New("B2", "B", 4), New("C1", "C", 0), New("C2", "C", 7), New("D1", "D", 3), New("D2", "D", 5));
        var c1 = (await tasks.ClaimManyAsync(Queue, "w0", Lease, 1, CancellationToken.None)).ShouldHaveSingleItem();
        c1.Task.ExternalId.ShouldBe("C1");
        (await tasks.FailAndBlockAsync(c1, new Instruction("C", InstructionSeverity.Orange, "Fix it.", "wrong-period"), CancellationToken.None)).ShouldNotBeNull();
        var d1 = (await tasks.ClaimManyAsync(Queue, "w0", Lease, 1, CancellationToken.None)).ShouldHaveSingleItem();
        d1.Task.ExternalId.ShouldBe("A1");
        (await tasks.CompleteAsync(d1, CancellationToken.None)).ShouldBeTrue();
        var running = (await tasks.ClaimManyAsync(Queue, "w0", Lease, 1, CancellationToken.None)).ShouldHaveSingleItem();
        running.Task.ExternalId.ShouldBe("B1");

        var batch = await tasks.ClaimManyAsync(Queue, "w1", Lease, 10, CancellationToken.None);

        // A2 (A1 is done) and D1; not B2 (B1 runs), nothing of C (blocked), never D2 beside D1.
        batch.Select(l => l.Task.ExternalId).ShouldBe(["D1", "A2"]);
        batch.ShouldAllBe(l => l.Worker == "w1" && l.Task.Status == QueuedTaskStatus.Running && l.Task.Attempts == 1);
        batch.Select(l => l.LeasedUntil).ShouldAllBe(u => u == TempStateDatabase.Start + Lease);
        (await tasks.ClaimManyAsync(Queue, "w2", Lease, 10, CancellationToken.None)).ShouldBeEmpty();

        (await tasks.CompleteAsync(running, CancellationToken.None)).ShouldBeTrue();
        (await tasks.ClaimManyAsync(Queue, "w2", Lease, 10, CancellationToken.None)).Select(l => l.Task.ExternalId).ShouldBe(["B2"]);
        await Should.ThrowAsync<ArgumentOutOfRangeException>(() => tasks.ClaimManyAsync(Queue, "w2", Lease, 0, CancellationToken.None));
    }

    [Fact]
    [Trait("Req", "AT-4")]
    public async Task A_batch_claim_stops_at_max_oldest_dossiers_first()
    {
        var tasks = (await Db.OpenMigratedAsync()).Tasks;
        await Enqueue(tasks, New("E1", "E", 5), New("F1", "F", 4), New("G1", "G", 3), New("H1", "H", 2));

        (await tasks.ClaimManyAsync(Queue, "w1", Lease, 3, CancellationToken.None)).Select(l => l.Task.ExternalId).ShouldBe(["H1", "G1", "F1"]);
        (await tasks.ClaimManyAsync(Queue, "w1", Lease, 3, CancellationToken.None)).Select(l => l.Task.ExternalId).ShouldBe(["E1"]);
    }

    [Fact]
    [Trait("Req", "AT-3")]
    public async Task A_batch_completion_refuses_leases_lost_to_another_worker_and_stores_the_new_holders()
    {
        var tasks = (await Db.OpenMigratedAsync()).Tasks;
        await Enqueue(tasks, New("A1", "A", 1), New("B1", "B", 2), New("C1", "C", 3), New("A2", "A", 4));
        var leases = await tasks.ClaimManyAsync(Queue, "w1", Lease, 3, CancellationToken.None);
        leases.Count.ShouldBe(3);
        // w1 hangs past its leases; another worker takes the three tasks over: w1's results must be ignored.
        Db.Clock.Advance(Lease + TimeSpan.FromSeconds(1));
        var takenOver = await tasks.ClaimManyAsync(Queue, "w2", Lease, 10, CancellationToken.None);
        takenOver.Select(l => l.Task.ExternalId).ShouldBe(["A1", "B1", "C1"]);

        (await tasks.CompleteManyAsync(leases, CancellationToken.None)).ShouldBe([false, false, false]);
        (await tasks.CompleteManyAsync([], CancellationToken.None)).ShouldBeEmpty();
        var theirs = await tasks.ListAsync(new TaskQuery(Queue, Statuses: [QueuedTaskStatus.Running]), CancellationToken.None);
        theirs.Count.ShouldBe(3);
        (await tasks.CompleteManyAsync(takenOver, CancellationToken.None)).ShouldBe([true, true, true]);
    }

    [Fact]
    [Trait("Req", "AT-4")]
    public async Task A_batch_completion_ends_each_task_and_frees_its_dossier_for_its_next_task()
    {
        var tasks = (await Db.OpenMigratedAsync()).Tasks;
        await Enqueue(tasks, New("A1", "A", 1), New("B1", "B", 2), New("A2", "A", 3), New("B2", "B", 4));
        var first = await tasks.ClaimManyAsync(Queue, "w1", Lease, 10, CancellationToken.None);
        var stale = first[1] with { FencingToken = first[1].FencingToken - 1 };

        (await tasks.CompleteManyAsync([first[0], stale], CancellationToken.None)).ShouldBe([true, false]);
        (await tasks.CompleteManyAsync([first[1]], CancellationToken.None)).ShouldBe([true]);

        (await tasks.ListAsync(new TaskQuery(Queue, Statuses: [QueuedTaskStatus.Done]), CancellationToken.None)).Select(t => t.ExternalId).Order().ShouldBe(["A1", "B1"]);
        (await tasks.ClaimManyAsync(Queue, "w1", Lease, 10, CancellationToken.None)).Select(l => l.Task.ExternalId).ShouldBe(["A2", "B2"]);
    }

    [Fact]
    [Trait("Req", "AT-4")]
    public async Task Completing_and_claiming_in_one_call_frees_a_dossier_for_its_next_task_in_the_same_call_and_ignores_a_lost_lease()
    {
        var tasks = (await Db.OpenMigratedAsync()).Tasks;
        await Enqueue(tasks, New("A1", "A", 1), New("B1", "B", 2), New("A2", "A", 3), New("C1", "C", 4));
        var first = await tasks.ClaimManyAsync(Queue, "w1", Lease, 2, CancellationToken.None);
        first.Select(l => l.Task.ExternalId).ShouldBe(["A1", "B1"]);
        var stale = first[1] with { FencingToken = first[1].FencingToken - 1 };

        var (completed, claimed) = await tasks.CompleteAndClaimAsync([first[0], stale], Queue, "w1", Lease, 5, CancellationToken.None);

        completed.ShouldBe([true, false]);
        claimed.Select(l => l.Task.ExternalId).ShouldBe(["A2", "C1"], "A1 done in the same call frees A2; B1 still runs");
        var (none, nothing) = await tasks.CompleteAndClaimAsync([], Queue, "w1", Lease, 5, CancellationToken.None);
        none.ShouldBeEmpty();
        nothing.ShouldBeEmpty();
        (await tasks.ListAsync(new TaskQuery(Queue, Statuses: [QueuedTaskStatus.Done]), CancellationToken.None)).Select(t => t.ExternalId).ShouldBe(["A1"]);
    }

    [Fact]
    [Trait("Req", "AT-4")]
    public async Task Three_store_instances_claiming_and_completing_in_batches_run_every_task_once_in_dossier_order()
    {
        const int taskCount = 300, dossierCount = 12;
        var setup = await Db.OpenMigratedAsync();
        var delivered = Enumerable.Range(0, taskCount)
            .Select(i => new NewTask(Queue, $"t{i:000}", $"d{i % dossierCount}", "run", "{}", TempStateDatabase.Start.AddSeconds(i)))
            .ToList();
        (await setup.Tasks.EnqueueManyAsync([.. delivered.OrderBy(_ => Random.Shared.Next())], CancellationToken.None)).ShouldAllBe(added => added);
        var order = new ConcurrentDictionary<string, ConcurrentQueue<string>>();
        var overlaps = new OverlapDetector();
        var completed = new ConcurrentBag<long>();
        var refused = 0;
        using var guard = new CancellationTokenSource(TimeSpan.FromMinutes(2)); // a guard against a hang, not a timing assertion

        async Task Work(int worker)
        {
            var store = await Db.OpenMigratedAsync();
            var name = $"w{worker}";
            while (completed.Count + Volatile.Read(ref refused) < taskCount)
            {
                guard.Token.ThrowIfCancellationRequested();
                var leases = await store.Tasks.ClaimManyAsync(Queue, name, TimeSpan.FromMinutes(10), 4, guard.Token);
                if (leases.Count == 0)
                {
                    await Task.Yield();
                    continue;
                }

                leases.Select(l => l.Task.Dossier).Distinct().Count().ShouldBe(leases.Count);
                var entered = leases.Select(l => overlaps.Enter(l.Task.Dossier, name)).ToList();
                foreach (var lease in leases)
                {
                    order.GetOrAdd(lease.Task.Dossier, _ => new ConcurrentQueue<string>()).Enqueue(lease.Task.ExternalId);
                }

                await Task.Delay(Random.Shared.Next(0, 3), guard.Token);
                entered.ForEach(e => e.Dispose());
                var stored = await store.Tasks.CompleteManyAsync(leases, guard.Token);
                for (var i = 0; i < leases.Count; i++)
                {
                    if (stored[i])
                    {
                        completed.Add(leases[i].Task.Id);
                    }
                    else
                    {
                        Interlocked.Increment(ref refused);
                    }
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, 3).Select(w => Task.Run(() => Work(w))));

        overlaps.Overlaps.ShouldBeEmpty();
        refused.ShouldBe(0);
        completed.Distinct().Count().ShouldBe(taskCount);
        foreach (var group in delivered.GroupBy(t => t.Dossier))
        {
            order[group.Key].ToList().ShouldBe(group.Select(t => t.ExternalId).ToList(), $"order of {group.Key}");
        }
    }

    private static async Task Enqueue(ITaskQueue tasks, params NewTask[] newTasks) =>
        (await tasks.EnqueueManyAsync(newTasks, CancellationToken.None)).ShouldAllBe(added => added);

    private static DateTimeOffset At(int minute) => TempStateDatabase.Start.AddDays(-1).AddMinutes(minute);

    private static NewTask New(string externalId, string dossier, int deliveredMinute) =>
        new(Queue, externalId, dossier, "run", "{}", At(deliveredMinute));
}

public sealed class SqliteTaskQueueBatchTests : TaskQueueBatchTests
{
    protected override Task<IStateTestDatabase> CreateDatabaseAsync() => Task.FromResult<IStateTestDatabase>(new TempStateDatabase());
}

public sealed class PostgresTaskQueueBatchTests(PostgresTestServer server) : TaskQueueBatchTests, IClassFixture<PostgresTestServer>
{
    protected override Task<IStateTestDatabase> CreateDatabaseAsync() => server.CreateDatabaseAsync();
}

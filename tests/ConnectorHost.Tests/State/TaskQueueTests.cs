using ConnectorHost.Abstractions.State;
using ConnectorHost.Abstractions.Sync;

namespace ConnectorHost.Tests.State;

public abstract class TaskQueueTests : StateStoreContract
{
    private const string Queue = "accounting";
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);

    [Fact]
    public async Task Enqueue_is_idempotent_by_queue_and_external_id()
    {
        var tasks = (await Db.OpenMigratedAsync()).Tasks;

        (await tasks.EnqueueAsync(Task("ext-1", "A", 1), CancellationToken.None)).ShouldBeTrue();
        (await tasks.EnqueueAsync(Task("ext-1", "B", 2) with { Payload = "other" }, CancellationToken.None)).ShouldBeFalse();
        (await tasks.EnqueueAsync(Task("ext-1", "A", 1) with { Queue = "other-queue" }, CancellationToken.None)).ShouldBeTrue();

        var listed = await tasks.ListAsync(new TaskQuery(Queue: Queue), CancellationToken.None);
        var task = listed.ShouldHaveSingleItem();
        task.ShouldBe(new QueuedTask(task.Id, Queue, "ext-1", "A", "run", "{\"n\":\"ext-1\"}", At(1), QueuedTaskStatus.Waiting, 0, null, null));
    }

    [Fact]
    public async Task Claims_follow_delivery_order_per_dossier_and_a_retrying_task_holds_back_its_dossier()
    {
        var tasks = (await Db.OpenMigratedAsync()).Tasks;
        // Enqueued out of delivery order on purpose: the FIFO is by delivery, not by arrival.
        await Enqueue(tasks, Task("A3", "A", 5), Task("B1", "B", 2), Task("A1", "A", 1), Task("B2", "B", 4), Task("A2", "A", 3));

        var a1 = await Claim(tasks, "w1");
        a1.ShouldNotBeNull().Task.ExternalId.ShouldBe("A1");
        a1.Task.Status.ShouldBe(QueuedTaskStatus.Running);
        a1.Task.Attempts.ShouldBe(1);
        a1.Worker.ShouldBe("w1");
        a1.LeasedUntil.ShouldBe(TempStateDatabase.Start + Lease);

        var b1 = await Claim(tasks, "w2");
        b1.ShouldNotBeNull().Task.ExternalId.ShouldBe("B1");
        (await Claim(tasks, "w3")).ShouldBeNull(); // A2 and B2 wait for the running task of their dossier

        (await tasks.RetryLaterAsync(a1, Db.Clock.GetUtcNow().AddMinutes(10), "portal down", CancellationToken.None)).ShouldBeTrue();
        (await Claim(tasks, "w3")).ShouldBeNull(); // A1 is not due; A2 must not overtake it

        (await tasks.CompleteAsync(b1, CancellationToken.None)).ShouldBeTrue();
        var b2 = await Claim(tasks, "w3");
        b2.ShouldNotBeNull().Task.ExternalId.ShouldBe("B2");
        (await tasks.CompleteAsync(b2, CancellationToken.None)).ShouldBeTrue();
        (await Claim(tasks, "w3")).ShouldBeNull();

        Db.Clock.Advance(TimeSpan.FromMinutes(10));
        var a1Again = await Claim(tasks, "w2");
        a1Again.ShouldNotBeNull().Task.ExternalId.ShouldBe("A1");
        a1Again.Task.Attempts.ShouldBe(2);
        a1Again.Task.LastError.ShouldBe("portal down");
        a1Again.FencingToken.ShouldBeGreaterThan(a1.FencingToken);
        (await Claim(tasks, "w3")).ShouldBeNull();
        (await tasks.CompleteAsync(a1Again, CancellationToken.None)).ShouldBeTrue();

        var a2 = await Claim(tasks, "w1");
        a2.ShouldNotBeNull().Task.ExternalId.ShouldBe("A2");
        (await tasks.CompleteAsync(a2, CancellationToken.None)).ShouldBeTrue();
        var a3 = await Claim(tasks, "w1");
        a3.ShouldNotBeNull().Task.ExternalId.ShouldBe("A3");
        (await tasks.CompleteAsync(a3, CancellationToken.None)).ShouldBeTrue();
        (await Claim(tasks, "w1")).ShouldBeNull();

        var done = await tasks.ListAsync(new TaskQuery(Queue, Statuses: [QueuedTaskStatus.Done]), CancellationToken.None);
        done.Select(t => t.ExternalId).ShouldBe(["A3", "B2", "A2", "B1", "A1"]); // newest first
    }

    [Fact]
    public async Task A_task_with_an_older_task_delivered_later_waits_for_it()
    {
        var tasks = (await Db.OpenMigratedAsync()).Tasks;
        await Enqueue(tasks, Task("A2", "A", 2));
        var a2 = (await Claim(tasks, "w1")).ShouldNotBeNull();
        await Enqueue(tasks, Task("A1", "A", 1)); // arrives late, delivered earlier

        (await Claim(tasks, "w2")).ShouldBeNull(); // still one running task in the dossier
        (await tasks.CompleteAsync(a2, CancellationToken.None)).ShouldBeTrue();
        (await Claim(tasks, "w2")).ShouldNotBeNull().Task.ExternalId.ShouldBe("A1");
    }

    [Fact]
    public async Task An_expired_lease_is_taken_over_and_the_old_worker_is_fenced_off()
    {
        var tasks = (await Db.OpenMigratedAsync()).Tasks;
        await Enqueue(tasks, Task("A1", "A", 1), Task("A2", "A", 2));
        var old = (await tasks.ClaimNextAsync(Queue, "w1", TimeSpan.FromMinutes(1), CancellationToken.None)).ShouldNotBeNull();

        Db.Clock.Advance(TimeSpan.FromSeconds(59));
        (await Claim(tasks, "w2")).ShouldBeNull(); // the lease still holds

        Db.Clock.Advance(TimeSpan.FromSeconds(2));
        var taken = (await Claim(tasks, "w2")).ShouldNotBeNull();
        taken.Task.Id.ShouldBe(old.Task.Id);
        taken.Task.Attempts.ShouldBe(2);
        taken.Worker.ShouldBe("w2");
        taken.FencingToken.ShouldBeGreaterThan(old.FencingToken);
        (await Claim(tasks, "w3")).ShouldBeNull(); // A2 still waits behind A1

        (await tasks.CompleteAsync(old, CancellationToken.None)).ShouldBeFalse();
        (await tasks.RetryLaterAsync(old, Db.Clock.GetUtcNow(), "late", CancellationToken.None)).ShouldBeFalse();
        (await tasks.FailAndBlockAsync(old, Instruction("A"), CancellationToken.None)).ShouldBeNull();
        (await tasks.CompleteAsync(old with { Worker = "w2" }, CancellationToken.None)).ShouldBeFalse(); // right worker, old token

        (await tasks.CompleteAsync(taken, CancellationToken.None)).ShouldBeTrue();
        (await tasks.CompleteAsync(taken, CancellationToken.None)).ShouldBeFalse(); // done once
        (await Claim(tasks, "w3")).ShouldNotBeNull().Task.ExternalId.ShouldBe("A2");
        (await Db.Open().Instructions.ListAsync(openOnly: false, CancellationToken.None)).ShouldBeEmpty();
    }

    [Fact]
    public async Task The_same_worker_reclaiming_an_expired_task_gets_a_new_token()
    {
        var tasks = (await Db.OpenMigratedAsync()).Tasks;
        await Enqueue(tasks, Task("A1", "A", 1));
        var first = (await Claim(tasks, "w1")).ShouldNotBeNull();
        Db.Clock.Advance(Lease + TimeSpan.FromSeconds(1));

        var second = (await Claim(tasks, "w1")).ShouldNotBeNull();

        second.FencingToken.ShouldBeGreaterThan(first.FencingToken);
        (await tasks.CompleteAsync(first, CancellationToken.None)).ShouldBeFalse();
        (await tasks.CompleteAsync(second, CancellationToken.None)).ShouldBeTrue();
    }

    [Fact]
    public async Task Fail_and_block_blocks_only_that_dossier_and_creates_the_instruction()
    {
        var store = await Db.OpenMigratedAsync();
        var tasks = store.Tasks;
        await Enqueue(tasks, Task("A1", "A", 1), Task("B1", "B", 2), Task("A2", "A", 3), Task("B2", "B", 4));
        var a1 = (await Claim(tasks, "w1")).ShouldNotBeNull();
        a1.Task.ExternalId.ShouldBe("A1");
        Db.Clock.Advance(TimeSpan.FromMinutes(1));

        var instructionId = await tasks.FailAndBlockAsync(a1, Instruction("A"), CancellationToken.None);

        instructionId.ShouldNotBeNull();
        var failed = (await tasks.ListAsync(new TaskQuery(Queue, "A", [QueuedTaskStatus.Failed]), CancellationToken.None)).ShouldHaveSingleItem();
        failed.Id.ShouldBe(a1.Task.Id);
        failed.InstructionId.ShouldBe(instructionId);
        failed.LastError.ShouldNotBeNull().ShouldContain("wrong-period");

        var open = (await store.Instructions.ListAsync(openOnly: true, CancellationToken.None)).ShouldHaveSingleItem();
        open.ShouldBe(new StoredInstruction(instructionId.Value, a1.Task.Id, Instruction("A"), TempStateDatabase.Start.AddMinutes(1), null, null));

        (await tasks.CompleteAsync(a1, CancellationToken.None)).ShouldBeFalse(); // no longer running
        var b1 = (await Claim(tasks, "w2")).ShouldNotBeNull();
        b1.Task.ExternalId.ShouldBe("B1");
        (await tasks.CompleteAsync(b1, CancellationToken.None)).ShouldBeTrue();
        var b2 = (await Claim(tasks, "w2")).ShouldNotBeNull();
        b2.Task.ExternalId.ShouldBe("B2");
        (await tasks.CompleteAsync(b2, CancellationToken.None)).ShouldBeTrue();
        Db.Clock.Advance(TimeSpan.FromDays(1));
        (await Claim(tasks, "w2")).ShouldBeNull(); // A2 stays behind the blocked dossier, however long it waits

        // A task of the blocked dossier that arrives late but was delivered before the failed one is held too.
        await Enqueue(tasks, Task("A0", "A", 0));
        (await Claim(tasks, "w2")).ShouldBeNull();
        await Enqueue(tasks, Task("C1", "C", 9));
        (await Claim(tasks, "w2")).ShouldNotBeNull().Task.ExternalId.ShouldBe("C1");
    }

    [Fact]
    public async Task Resolving_the_instruction_unblocks_the_dossier_and_the_failed_task_runs_first()
    {
        var store = await Db.OpenMigratedAsync();
        var tasks = store.Tasks;
        await Enqueue(tasks, Task("A1", "A", 1), Task("A2", "A", 2));
        var a1 = (await Claim(tasks, "w1")).ShouldNotBeNull();
        var instructionId = (await tasks.FailAndBlockAsync(a1, Instruction("A"), CancellationToken.None)).ShouldNotBeNull();
        (await Claim(tasks, "w1")).ShouldBeNull();
        Db.Clock.Advance(TimeSpan.FromHours(2));

        (await store.Instructions.ResolveAsync(instructionId, "alice", CancellationToken.None)).ShouldBeTrue();
        (await store.Instructions.ResolveAsync(instructionId, "bob", CancellationToken.None)).ShouldBeFalse();
        (await store.Instructions.ResolveAsync(instructionId + 100, "bob", CancellationToken.None)).ShouldBeFalse();

        (await store.Instructions.ListAsync(openOnly: true, CancellationToken.None)).ShouldBeEmpty();
        var resolved = (await store.Instructions.ListAsync(openOnly: false, CancellationToken.None)).ShouldHaveSingleItem();
        resolved.ResolvedAt.ShouldBe(TempStateDatabase.Start.AddHours(2));
        resolved.ResolvedBy.ShouldBe("alice");

        var audit = await store.Audit.ListAsync($"instruction:{instructionId}", 10, CancellationToken.None);
        var entry = audit.ShouldHaveSingleItem();
        entry.Who.ShouldBe("alice");
        entry.Action.ShouldBe("instruction-resolved");
        entry.At.ShouldBe(TempStateDatabase.Start.AddHours(2));

        var again = (await Claim(tasks, "w2")).ShouldNotBeNull();
        again.Task.Id.ShouldBe(a1.Task.Id);
        again.Task.Attempts.ShouldBe(2);
        again.Task.InstructionId.ShouldBe(instructionId);
        (await Claim(tasks, "w3")).ShouldBeNull();
        (await tasks.CompleteAsync(again, CancellationToken.None)).ShouldBeTrue();
        (await Claim(tasks, "w3")).ShouldNotBeNull().Task.ExternalId.ShouldBe("A2");
    }

    [Fact]
    public async Task Queues_are_separate_and_list_filters_work()
    {
        var tasks = (await Db.OpenMigratedAsync()).Tasks;
        await Enqueue(tasks, Task("A1", "A", 1), Task("A2", "A", 2), Task("B1", "B", 3));
        await Enqueue(tasks, Task("X1", "A", 0) with { Queue = "other" });

        var a1 = (await Claim(tasks, "w1")).ShouldNotBeNull();
        a1.Task.ExternalId.ShouldBe("A1");
        var x1 = (await tasks.ClaimNextAsync("other", "w1", Lease, CancellationToken.None)).ShouldNotBeNull();
        x1.Task.ExternalId.ShouldBe("X1"); // same dossier name, other queue: not held back by A1

        (await tasks.ListAsync(new TaskQuery(), CancellationToken.None)).Select(t => t.ExternalId).ShouldBe(["B1", "A2", "A1", "X1"]);
        (await tasks.ListAsync(new TaskQuery(Queue, "A"), CancellationToken.None)).Select(t => t.ExternalId).ShouldBe(["A2", "A1"]);
        (await tasks.ListAsync(new TaskQuery(Statuses: [QueuedTaskStatus.Running]), CancellationToken.None)).Select(t => t.ExternalId).ShouldBe(["A1", "X1"]);
        (await tasks.ListAsync(new TaskQuery(Queue, Statuses: [QueuedTaskStatus.Waiting], Limit: 1), CancellationToken.None)).Select(t => t.ExternalId).ShouldBe(["B1"]);
    }

    private Task<TaskLease?> Claim(ITaskQueue tasks, string worker) =>
        tasks.ClaimNextAsync(Queue, worker, Lease, CancellationToken.None);

    private static async Task Enqueue(ITaskQueue tasks, params NewTask[] newTasks)
    {
        foreach (var task in newTasks)
        {
            (await tasks.EnqueueAsync(task, CancellationToken.None)).ShouldBeTrue();
        }
    }

    private static DateTimeOffset At(int minute) => TempStateDatabase.Start.AddDays(-1).AddMinutes(minute);

    private static NewTask Task(string externalId, string dossier, int deliveredMinute) =>
        new(Queue, externalId, dossier, "run", $"{{\"n\":\"{externalId}\"}}", At(deliveredMinute));

    private static Instruction Instruction(string dossier) =>
        new(dossier, InstructionSeverity.Orange, "Correct the period of the booking proposal.", "wrong-period");
}

public sealed class SqliteTaskQueueTests : TaskQueueTests
{
    protected override Task<IStateTestDatabase> CreateDatabaseAsync() => Task.FromResult<IStateTestDatabase>(new TempStateDatabase());
}

public sealed class PostgresTaskQueueTests(PostgresTestServer server) : TaskQueueTests, IClassFixture<PostgresTestServer>
{
    protected override Task<IStateTestDatabase> CreateDatabaseAsync() => server.CreateDatabaseAsync();
}

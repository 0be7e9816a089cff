using ConnectorHost.Abstractions.State;
using ConnectorHost.Abstractions.Sync;

namespace ConnectorHost.Tests.State;

/// <summary>What a person does with the queue (AT-10: restart with a corrected payload, cancel) and the monitoring queries (AT-9).</summary>
public abstract class TaskQueueChangesTests : StateStoreContract
{
    private const string Queue = "accounting";
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);

    [Fact]
    [Trait("Req", "AT-10")]
    public async Task Restart_with_a_corrected_payload_resolves_the_instruction_unblocks_and_runs_the_task_first()
    {
        var store = await Db.OpenMigratedAsync();
        var tasks = store.Tasks;
        await Enqueue(tasks, Task("A1", "A", 1), Task("A2", "A", 2));
        var a1 = (await Claim(tasks, "w1")).ShouldNotBeNull();
        var instructionId = (await tasks.FailAndBlockAsync(a1, Wrong("A"), CancellationToken.None)).ShouldNotBeNull();
        Db.Clock.Advance(TimeSpan.FromMinutes(30));

        (await tasks.RestartAsync(a1.Task.Id, "{\"dossierCode\":\"GOOD\"}", "alice", CancellationToken.None)).ShouldBeTrue();

        var instruction = (await store.Instructions.ListAsync(openOnly: false, CancellationToken.None)).ShouldHaveSingleItem();
        instruction.Id.ShouldBe(instructionId);
        instruction.ResolvedBy.ShouldBe("alice");
        instruction.ResolvedAt.ShouldBe(TempStateDatabase.Start.AddMinutes(30));
        var again = (await Claim(tasks, "w2")).ShouldNotBeNull();
        again.Task.Id.ShouldBe(a1.Task.Id);
        again.Task.Payload.ShouldBe("{\"dossierCode\":\"GOOD\"}");
        (await Claim(tasks, "w3")).ShouldBeNull(); // A2 still behind A1
        (await tasks.CompleteAsync(again, CancellationToken.None)).ShouldBeTrue();
        (await Claim(tasks, "w3")).ShouldNotBeNull().Task.ExternalId.ShouldBe("A2");

        var audit = (await store.Audit.ListAsync($"task:{a1.Task.Id}", 10, CancellationToken.None)).First();
        audit.Action.ShouldBe("task-restarted");
        audit.Who.ShouldBe("alice");
        audit.Details.ShouldContain($"instruction {instructionId} resolved");
    }

    [Fact]
    [Trait("Req", "AT-10")]
    public async Task Restart_without_a_payload_keeps_it_and_a_running_done_or_unknown_task_is_refused()
    {
        var tasks = (await Db.OpenMigratedAsync()).Tasks;
        await Enqueue(tasks, Task("A1", "A", 1), Task("B1", "B", 2));
        var a1 = (await Claim(tasks, "w1")).ShouldNotBeNull();
        (await tasks.RestartAsync(a1.Task.Id, "{}", "alice", CancellationToken.None)).ShouldBeFalse(); // running
        (await tasks.CancelAsync(a1.Task.Id, "alice", CancellationToken.None)).ShouldBeFalse();
        (await tasks.CompleteAsync(a1, CancellationToken.None)).ShouldBeTrue();
        (await tasks.RestartAsync(a1.Task.Id, null, "alice", CancellationToken.None)).ShouldBeFalse(); // done
        (await tasks.CancelAsync(a1.Task.Id, "alice", CancellationToken.None)).ShouldBeFalse();
        (await tasks.RestartAsync(9999, null, "alice", CancellationToken.None)).ShouldBeFalse();

        var b1 = (await Claim(tasks, "w1")).ShouldNotBeNull();
        (await tasks.FailAndBlockAsync(b1, Wrong("B"), CancellationToken.None)).ShouldNotBeNull();
        (await tasks.RestartAsync(b1.Task.Id, null, "alice", CancellationToken.None)).ShouldBeTrue();
        (await Claim(tasks, "w1")).ShouldNotBeNull().Task.Payload.ShouldBe(b1.Task.Payload);
    }

    [Fact]
    [Trait("Req", "AT-10")]
    public async Task Cancel_of_a_failed_task_unblocks_its_dossier_and_the_later_tasks_run_in_order()
    {
        var store = await Db.OpenMigratedAsync();
        var tasks = store.Tasks;
        await Enqueue(tasks, Task("A1", "A", 1), Task("A2", "A", 2), Task("A3", "A", 3));
        var a1 = (await Claim(tasks, "w1")).ShouldNotBeNull();
        (await tasks.FailAndBlockAsync(a1, Wrong("A"), CancellationToken.None)).ShouldNotBeNull();
        (await Claim(tasks, "w1")).ShouldBeNull();

        (await tasks.CancelAsync(a1.Task.Id, "bob", CancellationToken.None)).ShouldBeTrue();
        (await tasks.CancelAsync(a1.Task.Id, "bob", CancellationToken.None)).ShouldBeFalse(); // once

        (await store.Instructions.ListAsync(openOnly: true, CancellationToken.None)).ShouldBeEmpty();
        var a2 = (await Claim(tasks, "w1")).ShouldNotBeNull();
        a2.Task.ExternalId.ShouldBe("A2");

        // A waiting task can be cancelled too; the dossier's next task then follows.
        var a3 = (await tasks.ListAsync(new TaskQuery(Queue) { ExternalId = "A3" }, CancellationToken.None)).ShouldHaveSingleItem();
        (await tasks.CancelAsync(a3.Id, "bob", CancellationToken.None)).ShouldBeTrue();
        (await tasks.CompleteAsync(a2, CancellationToken.None)).ShouldBeTrue();
        (await Claim(tasks, "w1")).ShouldBeNull();
        (await tasks.ListAsync(new TaskQuery(Queue, Statuses: [QueuedTaskStatus.Cancelled]), CancellationToken.None))
            .Select(t => t.ExternalId).ShouldBe(["A3", "A1"]);
    }

    [Fact]
    [Trait("Req", "AT-10")]
    public async Task A_dossier_stays_blocked_while_another_of_its_instructions_is_open()
    {
        var store = await Db.OpenMigratedAsync();
        var tasks = store.Tasks;
        await Enqueue(tasks, Task("A1", "A", 1), Task("A2", "A", 2));
        var a1 = (await Claim(tasks, "w1")).ShouldNotBeNull();
        (await tasks.FailAndBlockAsync(a1, Wrong("A"), CancellationToken.None)).ShouldNotBeNull();
        (await tasks.CancelAsync(a1.Task.Id, "bob", CancellationToken.None)).ShouldBeTrue();
        var a2 = (await Claim(tasks, "w1")).ShouldNotBeNull();
        (await tasks.FailAndBlockAsync(a2, Wrong("A"), CancellationToken.None)).ShouldNotBeNull();

        var summary = (await tasks.ListDossiersAsync(Queue, CancellationToken.None)).ShouldHaveSingleItem();
        summary.ShouldBe(new DossierSummary(Queue, "A", Blocked: true, 0, 0, 1, 0, 1, 1, InstructionSeverity.Orange));
    }

    [Fact]
    [Trait("Req", "AT-2")]
    public async Task Enqueue_many_adds_in_one_transaction_and_tells_which_were_known()
    {
        var tasks = (await Db.OpenMigratedAsync()).Tasks;
        (await tasks.EnqueueAsync(Task("A1", "A", 1), CancellationToken.None)).ShouldBeTrue();

        var added = await tasks.EnqueueManyAsync([Task("A2", "A", 2), Task("A1", "A", 1), Task("B1", "B", 3), Task("A2", "A", 2)], CancellationToken.None);

        added.ShouldBe([true, false, true, false]);
        (await tasks.EnqueueManyAsync([], CancellationToken.None)).ShouldBeEmpty();
        (await tasks.ListAsync(new TaskQuery(Queue), CancellationToken.None)).Select(t => t.ExternalId).ShouldBe(["B1", "A2", "A1"]);
        await Should.ThrowAsync<ArgumentNullException>(() => tasks.EnqueueManyAsync([Task("C1", "C", 4), null!], CancellationToken.None));
        (await tasks.ListAsync(new TaskQuery(Queue, "C"), CancellationToken.None)).ShouldBeEmpty();
    }

    [Fact]
    [Trait("Req", "AT-9")]
    public async Task Monitoring_lists_failed_tasks_and_tasks_with_an_instruction_for_all_dossiers_or_one()
    {
        var store = await Db.OpenMigratedAsync();
        var tasks = store.Tasks;
        await Enqueue(tasks, Task("A1", "A", 1), Task("A2", "A", 2), Task("B1", "B", 3), Task("C1", "C", 4));
        await Enqueue(tasks, Task("X1", "A", 0) with { Queue = "other" });
        var a1 = (await Claim(tasks, "w1")).ShouldNotBeNull();
        var b1 = (await Claim(tasks, "w1")).ShouldNotBeNull();
        var c1 = (await Claim(tasks, "w1")).ShouldNotBeNull();
        var instructionA = (await tasks.FailAndBlockAsync(a1, Wrong("A"), CancellationToken.None)).ShouldNotBeNull();
        (await tasks.FailAndBlockAsync(b1, new Instruction("B", InstructionSeverity.Red, "Bel support.", "database-error"), CancellationToken.None)).ShouldNotBeNull();
        (await tasks.CompleteAsync(c1, CancellationToken.None)).ShouldBeTrue();
        (await store.Instructions.ResolveAsync(instructionA, "alice", CancellationToken.None)).ShouldBeTrue();
        var a1Again = (await Claim(tasks, "w1")).ShouldNotBeNull();
        (await tasks.CompleteAsync(a1Again, CancellationToken.None)).ShouldBeTrue();

        // Default: failed or with an instruction. A1 is done now but had an instruction; B1 failed; C1 and A2 neither.
        (await tasks.ListAsync(TaskQuery.Monitoring(Queue), CancellationToken.None)).Select(t => (t.ExternalId, t.Status))
            .ShouldBe([("B1", QueuedTaskStatus.Failed), ("A1", QueuedTaskStatus.Done)]);
        (await tasks.ListAsync(TaskQuery.Monitoring(Queue, "B"), CancellationToken.None)).Select(t => t.ExternalId).ShouldBe(["B1"]);
        (await tasks.ListAsync(TaskQuery.Monitoring(Queue, "C"), CancellationToken.None)).ShouldBeEmpty();
        (await tasks.ListAsync(new TaskQuery(Queue, Statuses: [QueuedTaskStatus.Waiting]), CancellationToken.None))
            .Select(t => t.ExternalId).ShouldBe(["A2"]);
        (await tasks.ListAsync(new TaskQuery(Queue, Statuses: []) { OrWithInstruction = true }, CancellationToken.None))
            .Select(t => t.ExternalId).ShouldBe(["B1", "A1"]);

        var dossiers = await tasks.ListDossiersAsync(Queue, CancellationToken.None);
        dossiers.ShouldBe(
        [
            new DossierSummary(Queue, "A", Blocked: false, Waiting: 1, Running: 0, Failed: 0, Done: 1, Cancelled: 0, OpenInstructions: 0, null),
            new DossierSummary(Queue, "B", Blocked: true, Waiting: 0, Running: 0, Failed: 1, Done: 0, Cancelled: 0, OpenInstructions: 1, InstructionSeverity.Red),
            new DossierSummary(Queue, "C", Blocked: false, Waiting: 0, Running: 0, Failed: 0, Done: 1, Cancelled: 0, OpenInstructions: 0, null),
        ]);
        (await tasks.ListDossiersAsync(null, CancellationToken.None)).Count.ShouldBe(4);
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

    private static Instruction Wrong(string dossier) =>
        new(dossier, InstructionSeverity.Orange, "Geef de juiste dossiercode in en herstart de activatie.", "wrong-dossier-code");

    private static NewTask Task(string externalId, string dossier, int deliveredMinute) =>
        new(Queue, externalId, dossier, "activate-dossier", $"{{\"dossierCode\":\"{externalId}\"}}", TempStateDatabase.Start.AddDays(-1).AddMinutes(deliveredMinute));
}

public sealed class SqliteTaskQueueChangesTests : TaskQueueChangesTests
{
    protected override Task<IStateTestDatabase> CreateDatabaseAsync() => Task.FromResult<IStateTestDatabase>(new TempStateDatabase());
}

public sealed class PostgresTaskQueueChangesTests(PostgresTestServer server) : TaskQueueChangesTests, IClassFixture<PostgresTestServer>
{
    protected override Task<IStateTestDatabase> CreateDatabaseAsync() => server.CreateDatabaseAsync();
}

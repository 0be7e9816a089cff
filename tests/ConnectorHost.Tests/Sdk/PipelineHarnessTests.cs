using ConnectorHost.Abstractions.Queues;
using ConnectorHost.Abstractions.State;
using ConnectorHost.Abstractions.Sync;
using ConnectorHost.Pipelines;
using ConnectorHost.Testing;
using ConnectorHost.Tests.Queues;
using ConnectorHost.Tests.Support;

namespace ConnectorHost.Tests.Sdk;

/// <summary>
/// SDK-6: the kit's harness runs a queue handler through the host's queue runner and a sync task through the sync
/// pipeline's runner, on the kit's real SQLite store, recording mailer and fake clock.
/// </summary>
[Trait("Req", "SDK-6")]
public sealed class PipelineHarnessTests
{
    private static readonly Instruction WrongPeriod = new("A", InstructionSeverity.Orange, "Boekjaar 2023 is afgesloten: heropen de periode.", "wrong-period");

    [Fact]
    public async Task A_queue_handler_runs_through_the_hosts_queue_runner_blocks_its_dossier_and_mails_the_instruction_once()
    {
        await using var context = await TestComponentContext.CreateAsync("accounting-tasks", templatesFolder: Path.Combine(RepoRoot.Find(), "config", "templates"));
        var handler = new ScriptedHandler();
        handler.Offered.Add(new NewTask("accounting-tasks", "A1", "A", "run", "{}", TestComponentContext.DefaultStart.AddMinutes(-2)));
        handler.Offered.Add(new NewTask("accounting-tasks", "A2", "A", "run", "{}", TestComponentContext.DefaultStart.AddMinutes(-1)));
        handler.Run = (task, _) => Task.FromResult(task.ExternalId == "A1" ? QueueTaskResult.Failed(WrongPeriod) : QueueTaskResult.Done());
        await using var pipeline = new PipelineHarness(context).Queue(handler, new QueueSettings { Workers = 2, FirstReminderDate = new DateOnly(2026, 3, 2) });

        var first = await pipeline.RunOnceAsync();
        context.FakeClock.Advance(TimeSpan.FromMinutes(5));
        var second = await pipeline.RunOnceAsync();

        first.Summary.ShouldBe("2 tasks fetched (2 new), 0 done, 0 to retry, 1 failed with an instruction, 1 instruction mails");
        second.Summary.ShouldEndWith("0 failed with an instruction, 0 instruction mails");
        handler.Runs.Select(t => t.ExternalId).ShouldBe(["A1"], "A2 waits behind A1 of the same dossier");
        (await pipeline.OpenInstructionsAsync()).ShouldHaveSingleItem().Instruction.ShouldBe(WrongPeriod);
        context.Mailer!.Sent.ShouldHaveSingleItem().Subject.ShouldBe("[orange] Action needed for dossier A");
    }

    [Fact]
    public async Task A_sync_task_that_needs_a_person_is_one_stored_instruction_through_the_hosts_sync_runner()
    {
        await using var context = await TestComponentContext.CreateAsync("certipost-daily", templatesFolder: Path.Combine(RepoRoot.Find(), "config", "templates"));
        var pipeline = new PipelineHarness(context).Sync(new NeedsPerson());

        var run = await pipeline.RunOnceAsync();
        await pipeline.RunOnceAsync();

        run.Outcome.ShouldBe(RunOutcome.PartlyFailed);
        run.Summary.ShouldStartWith("the key is refused (instruction ");
        (await pipeline.OpenInstructionsAsync()).ShouldHaveSingleItem().Instruction.Cause.ShouldBe("key-refused");
        context.Mailer!.Sent.ShouldHaveSingleItem();
    }

    private sealed class NeedsPerson : ISyncTask
    {
        public Task<SyncResult> RunAsync(CancellationToken cancellationToken) => Task.FromResult(
            SyncResult.NeedsPerson(new Instruction("certipost", InstructionSeverity.Red, "Certipost refuses the key: put the right one in the configuration.", "key-refused")) with { Summary = "the key is refused" });
    }
}

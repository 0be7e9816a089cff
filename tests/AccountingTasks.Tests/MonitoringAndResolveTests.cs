using ConnectorHost.Abstractions.State;
using ConnectorHost.Abstractions.Sync;
using ConnectorHost.Sandbox.AccountingPlatform;

namespace ConnectorHost.Plugins.AccountingTasks.Tests;

public sealed class MonitoringAndResolveTests
{
    [Fact]
    [Trait("Req", "AT-9")]
    public async Task Monitoring_shows_failed_tasks_and_tasks_with_an_instruction_for_all_dossiers_or_one_and_filters_by_status()
    {
        await using var kit = await TestKit.StartAsync();
        kit.Deliver("A1", TaskKinds.ProcessBookingProposal, "A", Payloads.Booking(journal: "XX"), 1);
        kit.Deliver("A2", TaskKinds.SynchroniseDossier, "A", "{}", 2);
        kit.Deliver("B1", TaskKinds.ProcessBookingProposal, "B", Payloads.Booking(), 3);
        kit.Deliver("C1", TaskKinds.ProcessBookingProposal, "C", Payloads.Booking(), 4);
        kit.Sandbox.AddFailure(new FailureRule(FailureCauses.WrongJournal, TaskId: "A1", Times: 1));
        kit.Sandbox.AddFailure(new FailureRule(FailureCauses.DatabaseError, TaskId: "B1"));
        var connector = kit.Connector();
        await connector.RunAsync(CancellationToken.None);
        var tasks = kit.Store.Tasks;

        // All dossiers (admin), the default filter: the two failed tasks, each with its instruction.
        var all = await tasks.ListAsync(TaskQuery.Monitoring(TestKit.Pipeline), CancellationToken.None);
        all.Select(t => (t.ExternalId, t.Status)).ShouldBe([("B1", QueuedTaskStatus.Failed), ("A1", QueuedTaskStatus.Failed)]);
        var instructions = (await kit.Store.Instructions.ListAsync(openOnly: false, CancellationToken.None)).ToDictionary(i => i.Id);
        all.Select(t => instructions[t.InstructionId!.Value].Instruction.Cause).ShouldBe([FailureCauses.DatabaseError, FailureCauses.WrongJournal]);

        // One dossier (its manager), and other filters.
        (await tasks.ListAsync(TaskQuery.Monitoring(TestKit.Pipeline, "A"), CancellationToken.None)).Select(t => t.ExternalId).ShouldBe(["A1"]);
        (await tasks.ListAsync(TaskQuery.Monitoring(TestKit.Pipeline, "C"), CancellationToken.None)).ShouldBeEmpty();
        (await tasks.ListAsync(new TaskQuery(TestKit.Pipeline, "A", [QueuedTaskStatus.Waiting]), CancellationToken.None)).Select(t => t.ExternalId).ShouldBe(["A2"]);
        (await tasks.ListAsync(new TaskQuery(TestKit.Pipeline, Statuses: [QueuedTaskStatus.Done]), CancellationToken.None)).Select(t => t.ExternalId).ShouldBe(["C1"]);

        // Once resolved and done, A1 still shows by default (it has an instruction), now as done.
        var a1 = all.Single(t => t.ExternalId == "A1");
        await kit.Store.Instructions.ResolveAsync(a1.InstructionId!.Value, "boekhouder", CancellationToken.None);
        await connector.RunAsync(CancellationToken.None);
        (await tasks.ListAsync(TaskQuery.Monitoring(TestKit.Pipeline), CancellationToken.None)).Select(t => (t.ExternalId, t.Status))
            .ShouldBe([("B1", QueuedTaskStatus.Failed), ("A1", QueuedTaskStatus.Done)]);

        (await tasks.ListDossiersAsync(TestKit.Pipeline, CancellationToken.None)).ShouldBe(
        [
            new DossierSummary(TestKit.Pipeline, "A", Blocked: false, Waiting: 0, Running: 0, Failed: 0, Done: 2, Cancelled: 0, OpenInstructions: 0, null),
            new DossierSummary(TestKit.Pipeline, "B", Blocked: true, Waiting: 0, Running: 0, Failed: 1, Done: 0, Cancelled: 0, OpenInstructions: 1, InstructionSeverity.Red),
            new DossierSummary(TestKit.Pipeline, "C", Blocked: false, Waiting: 0, Running: 0, Failed: 0, Done: 1, Cancelled: 0, OpenInstructions: 0, null),
        ]);
    }

    [Fact]
    [Trait("Req", "AT-10")]
    public async Task An_activation_with_a_wrong_dossier_code_is_corrected_and_restarted_and_the_dossier_goes_on()
    {
        await using var kit = await TestKit.StartAsync();
        kit.Sandbox.SetDossierCodes(["DOS-1001", "DOS-1002"]);
        kit.Deliver("ACT", TaskKinds.ActivateDossier, "N", Payloads.Activation("DOS-1010"), 1);
        kit.Deliver("SYNC", TaskKinds.SynchroniseDossier, "N", "{}", 2);
        var connector = kit.Connector();
        await connector.RunAsync(CancellationToken.None);

        var activation = await kit.StoredAsync("ACT");
        activation.Status.ShouldBe(QueuedTaskStatus.Failed);
        var instruction = (await kit.Store.Instructions.ListAsync(openOnly: true, CancellationToken.None)).ShouldHaveSingleItem().Instruction;
        instruction.ShouldBe(new Instruction(
            "N",
            InstructionSeverity.Orange,
            "Dossiercode DOS-1010 bestaat niet in het boekhoudpakket: geef de juiste dossiercode in en herstart de activatie, of annuleer de activatie als ze foutief was.",
            FailureCauses.WrongDossierCode));

        (await kit.Store.Tasks.RestartAsync(activation.Id, Payloads.Activation("DOS-1001"), "boekhouder", CancellationToken.None)).ShouldBeTrue();
        await connector.RunAsync(CancellationToken.None);

        kit.Sandbox.Runs.Select(r => (r.TaskId, r.Payload, r.Cause)).ShouldBe(
        [
            ("ACT", Payloads.Activation("DOS-1010"), FailureCauses.WrongDossierCode),
            ("ACT", Payloads.Activation("DOS-1001"), (string?)null),
            ("SYNC", "{}", null),
        ]);
        kit.ResultOf("ACT").ShouldNotBeNull().Status.ShouldBe("done");
        (await kit.Store.Instructions.ListAsync(openOnly: false, CancellationToken.None)).ShouldHaveSingleItem().ResolvedBy.ShouldBe("boekhouder");
    }

    [Fact]
    [Trait("Req", "AT-10")]
    public async Task A_wrong_activation_is_cancelled_reported_as_cancelled_and_the_dossier_goes_on()
    {
        await using var kit = await TestKit.StartAsync();
        kit.Sandbox.SetDossierCodes(["DOS-1001"]);
        kit.Deliver("ACT", TaskKinds.ActivateDossier, "N", Payloads.Activation("DOS-9999"), 1);
        kit.Deliver("SYNC", TaskKinds.SynchroniseDossier, "N", "{}", 2);
        var connector = kit.Connector();
        await connector.RunAsync(CancellationToken.None);
        var activation = await kit.StoredAsync("ACT");

        (await kit.Store.Tasks.CancelAsync(activation.Id, "boekhouder", CancellationToken.None)).ShouldBeTrue();
        await connector.RunAsync(CancellationToken.None);
        await connector.RunAsync(CancellationToken.None);

        kit.ResultOf("ACT").ShouldBe(new TaskResultInput("cancelled"));
        kit.Sandbox.Tasks(TestKit.Office).Single(t => t.Task.Id == "ACT").Reports.ShouldBe(2); // failed, then cancelled once
        kit.ResultOf("SYNC").ShouldNotBeNull().Status.ShouldBe("done");
        kit.Sandbox.Runs.Select(r => r.TaskId).ShouldBe(["ACT", "SYNC"]);
        (await kit.Store.Instructions.ListAsync(openOnly: true, CancellationToken.None)).ShouldBeEmpty();
        (await kit.StoredAsync("ACT")).Status.ShouldBe(QueuedTaskStatus.Cancelled);
    }
}

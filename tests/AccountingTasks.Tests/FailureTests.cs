using ConnectorHost.Abstractions.State;
using ConnectorHost.Abstractions.Sync;
using ConnectorHost.Sandbox.AccountingPlatform;
using ConnectorHost.Tests.Mail;

namespace ConnectorHost.Plugins.AccountingTasks.Tests;

public sealed class FailureTests
{
    [Fact]
    [Trait("Req", "AT-5")]
    public async Task A_failed_task_blocks_its_dossier_with_a_plain_instruction_per_cause_while_other_dossiers_go_on()
    {
        await using var kit = await TestKit.StartAsync();
        var cases = new (string Dossier, string Cause, string Payload, string Text)[]
        {
            ("P", FailureCauses.WrongPeriod, Payloads.Booking(date: "2023-12-15"),
                "Boekjaar 2023 is afgesloten in het boekhoudpakket: heropen de periode of wijzig de boekingsdatum."),
            ("J", FailureCauses.WrongJournal, Payloads.Booking(journal: "XX"),
                "Dagboek XX bestaat niet in het boekhoudpakket voor dossier J: maak het dagboek aan of kies een bestaand dagboek in het boekingsvoorstel."),
            ("DB", FailureCauses.DatabaseError, Payloads.Booking(),
                "De database van het boekhoudpakket gaf een fout bij dossier DB: ons supportteam moet ingrijpen. Stuur deze instructie door naar support en voer de taak niet opnieuw uit."),
            ("DUP", FailureCauses.DuplicateBooking, Payloads.Booking(reference: "VK-7"),
                "Boeking VK-7 staat al in het boekhoudpakket: controleer of het om een dubbele boeking gaat, verwijder het boekingsvoorstel of de bestaande boeking, en markeer de instructie dan als opgelost."),
            ("VAT", FailureCauses.WrongVatCode, Payloads.Booking(vatCode: "99"),
                "Btw-code 99 bestaat niet in het boekhoudpakket voor dossier VAT: voeg de btw-code toe of kies een geldige btw-code in het boekingsvoorstel."),
        };
        var minute = 0;
        foreach (var (dossier, cause, payload, _) in cases)
        {
            kit.Deliver(dossier + "-1", TaskKinds.ProcessBookingProposal, dossier, payload, minute++);
            kit.Deliver(dossier + "-2", TaskKinds.SynchroniseDossier, dossier, "{}", minute++);
            kit.Sandbox.AddFailure(new FailureRule(cause, TaskId: dossier + "-1", Times: 1));
        }

        kit.Deliver("OK-1", TaskKinds.ProcessBookingProposal, "OK", Payloads.Booking(), minute++);
        kit.Deliver("OK-2", TaskKinds.SynchroniseDossier, "OK", "{}", minute);
        var connector = kit.Connector();

        var result = await connector.RunAsync(CancellationToken.None);

        result.Summary.ShouldStartWith("12 tasks fetched (12 new), 2 done, 0 to retry, 5 failed with an instruction");
        var open = await kit.Store.Instructions.ListAsync(openOnly: true, CancellationToken.None);
        foreach (var (dossier, cause, _, text) in cases)
        {
            var failed = await kit.StoredAsync(dossier + "-1");
            failed.Status.ShouldBe(QueuedTaskStatus.Failed);
            (await kit.StoredAsync(dossier + "-2")).Status.ShouldBe(QueuedTaskStatus.Waiting, $"dossier {dossier} is blocked");
            var instruction = open.Single(i => i.TaskId == failed.Id);
            instruction.Instruction.ShouldBe(new Instruction(dossier, cause == FailureCauses.DatabaseError ? InstructionSeverity.Red : InstructionSeverity.Orange, text, cause));
            kit.ResultOf(dossier + "-1").ShouldBe(new TaskResultInput("failed", cause, text, instruction.Instruction.Severity.ToString()));
            kit.ResultOf(dossier + "-2").ShouldBeNull();
        }

        (await kit.StoredAsync("OK-2")).Status.ShouldBe(QueuedTaskStatus.Done);

        // The next check runs nothing of the blocked dossiers.
        kit.Clock.Advance(TimeSpan.FromMinutes(5));
        (await connector.RunAsync(CancellationToken.None)).Summary.ShouldStartWith("5 tasks fetched (0 new), 0 done, 0 to retry, 0 failed");

        // Resolving one instruction resumes that dossier, the failed task first.
        var period = open.Single(i => i.Instruction.Dossier == "P");
        (await kit.Store.Instructions.ResolveAsync(period.Id, "boekhouder", CancellationToken.None)).ShouldBeTrue();
        (await connector.RunAsync(CancellationToken.None)).Summary.ShouldStartWith("5 tasks fetched (0 new), 2 done");
        kit.Sandbox.Runs.Where(r => r.Dossier == "P").Select(r => (r.TaskId, r.Cause))
            .ShouldBe([("P-1", FailureCauses.WrongPeriod), ("P-1", null), ("P-2", null)]);
        kit.ResultOf("P-1").ShouldNotBeNull().Status.ShouldBe("done");
        (await kit.StoredAsync("J-2")).Status.ShouldBe(QueuedTaskStatus.Waiting);
    }

    [Fact]
    [Trait("Req", "AT-5")]
    public async Task A_passing_failure_is_retried_with_back_off_and_makes_no_instruction()
    {
        await using var kit = await TestKit.StartAsync();
        kit.Deliver("A1", TaskKinds.ProcessBookingProposal, "A", Payloads.Booking(), 1);
        kit.Deliver("A2", TaskKinds.ProcessBookingProposal, "A", Payloads.Booking(), 2);
        kit.Sandbox.AddFailure(new FailureRule(FailureCauses.PackageUnavailable, Dossier: "A", Times: 2));
        var connector = kit.Connector();

        (await connector.RunAsync(CancellationToken.None)).Summary.ShouldStartWith("2 tasks fetched (2 new), 0 done, 1 to retry");
        (await connector.RunAsync(CancellationToken.None)).Summary.ShouldStartWith("2 tasks fetched (0 new), 0 done, 0 to retry"); // not due: 1 minute
        kit.Clock.Advance(TimeSpan.FromMinutes(1));
        (await connector.RunAsync(CancellationToken.None)).Summary.ShouldStartWith("2 tasks fetched (0 new), 0 done, 1 to retry");
        kit.Clock.Advance(TimeSpan.FromMinutes(1));
        (await connector.RunAsync(CancellationToken.None)).Summary.ShouldStartWith("2 tasks fetched (0 new), 0 done, 0 to retry"); // 2 minutes now
        kit.Clock.Advance(TimeSpan.FromMinutes(1));
        (await connector.RunAsync(CancellationToken.None)).Summary.ShouldStartWith("2 tasks fetched (0 new), 2 done");

        (await kit.StoredAsync("A1")).Attempts.ShouldBe(3);
        (await kit.Store.Instructions.ListAsync(openOnly: false, CancellationToken.None)).ShouldBeEmpty();
        kit.Mails().ShouldBeEmpty();
        kit.Sandbox.Runs.Select(r => (r.TaskId, r.Cause)).ShouldBe(
            [("A1", FailureCauses.PackageUnavailable), ("A1", FailureCauses.PackageUnavailable), ("A1", null), ("A2", null)]);
    }

    [Fact]
    [Trait("Req", "AT-5")]
    public async Task A_passing_failure_that_lasts_past_max_transient_retries_blocks_the_dossier_with_an_instruction()
    {
        await using var kit = await TestKit.StartAsync();
        kit.Deliver("A1", TaskKinds.SynchroniseDossier, "A", "{}", 1);
        kit.Sandbox.AddFailure(new FailureRule(FailureCauses.PackageUnavailable, Dossier: "A"));
        var connector = kit.Connector(); // maxTransientRetries: 3

        for (var run = 0; run < 4; run++)
        {
            await connector.RunAsync(CancellationToken.None);
            kit.Clock.Advance(TimeSpan.FromMinutes(30));
        }

        kit.Sandbox.Runs.Count.ShouldBe(4);
        var instruction = (await kit.Store.Instructions.ListAsync(openOnly: true, CancellationToken.None)).ShouldHaveSingleItem().Instruction;
        instruction.ShouldBe(new Instruction(
            "A",
            InstructionSeverity.Orange,
            "Het boekhoudpakket was 4 keer na elkaar niet bereikbaar voor dossier A: controleer of de server van het boekhoudpakket draait en bereikbaar is, en markeer de instructie dan als opgelost.",
            FailureCauses.PackageUnavailable));
        (await kit.StoredAsync("A1")).Status.ShouldBe(QueuedTaskStatus.Failed);
    }

    [Fact]
    [Trait("Req", "AT-6")]
    public async Task Failures_the_office_can_fix_are_orange_and_those_for_support_red_in_the_instruction_the_mail_and_the_dossier_list()
    {
        using var smtp = new SmtpServerFixture();
        await using var kit = await TestKit.StartAsync(smtp: smtp);
        kit.Deliver("O1", TaskKinds.ProcessBookingProposal, "O", Payloads.Booking(vatCode: "99"), 1);
        kit.Deliver("R1", TaskKinds.ProcessBookingProposal, "R", Payloads.Booking(), 2);
        kit.Deliver("U1", TaskKinds.ProcessBookingProposal, "U", Payloads.Booking(), 3);
        kit.Sandbox.AddFailure(new FailureRule(FailureCauses.WrongVatCode, Dossier: "O"));
        kit.Sandbox.AddFailure(new FailureRule(FailureCauses.DatabaseError, Dossier: "R"));

        await kit.Connector().RunAsync(CancellationToken.None);

        var open = await kit.Store.Instructions.ListAsync(openOnly: true, CancellationToken.None);
        open.Single(i => i.Instruction.Dossier == "O").Instruction.Severity.ShouldBe(InstructionSeverity.Orange);
        open.Single(i => i.Instruction.Dossier == "R").Instruction.Severity.ShouldBe(InstructionSeverity.Red);
        var dossiers = await kit.Store.Tasks.ListDossiersAsync(TestKit.Pipeline, CancellationToken.None);
        dossiers.Select(d => (d.Dossier, d.Blocked, d.WorstOpenSeverity)).ShouldBe(
            [("O", true, (InstructionSeverity?)InstructionSeverity.Orange), ("R", true, InstructionSeverity.Red), ("U", false, null)]);
        kit.Mails().Select(m => m.Subject).Order(StringComparer.Ordinal).ShouldBe(
            ["[orange] Action needed for dossier O", "[red] Support needed for dossier R"]);
    }

    [Fact]
    public void Every_cause_of_the_package_has_one_instruction_in_the_table_and_an_unknown_cause_goes_to_support()
    {
        CauseTable.Entries.Select(e => e.Cause).ShouldBe(CauseTable.Entries.Select(e => e.Cause).Distinct());
        foreach (var cause in FailureCauses.All)
        {
            CauseTable.Entries.ShouldContain(e => e.Cause == cause);
        }

        var unknown = CauseTable.InstructionFor("D9", "disk-full", new Dictionary<string, string> { ["kind"] = "synchronise-dossier", ["cause"] = "disk-full", ["message"] = "no space" });
        unknown.Severity.ShouldBe(InstructionSeverity.Red);
        unknown.Cause.ShouldBe("disk-full");
        unknown.Text.ShouldBe("De taak synchronise-dossier voor dossier D9 faalde met een onbekende fout (disk-full: no space): ons supportteam moet ingrijpen. Stuur deze instructie door naar support.");
        CauseTable.InstructionFor("D9", "wrong-period", new Dictionary<string, string>()).Text.ShouldStartWith("Boekjaar (onbekend) is afgesloten");
    }
}

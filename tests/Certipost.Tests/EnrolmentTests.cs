using ConnectorHost.Abstractions.Sync;
using ConnectorHost.Sandbox.Certipost;

namespace ConnectorHost.Plugins.Certipost.Tests;

public sealed class EnrolmentTests
{
    private const string Office = "anna@kantoor.be";

    [Fact]
    [Trait("Req", "CP-1")]
    public async Task The_eligible_list_holds_the_admitted_relations_and_not_the_others()
    {
        await using var world = await CertipostWorld.StartAsync();
        world.WriteCsv(
            Rows.Row("1001"),
            Rows.Row("1002", name: "Garage Janssens", vat: "BE0812.345.603", status: "Onbekend"),
            Rows.Row("1003", name: "Drukkerij Claes", vat: "BE0456.789.034", status: "Geweigerd"),
            Rows.Row("1004", name: "Café De Hoek", vat: "0765432146", status: "toegelaten"));
        using var task = world.Enrol();

        var list = await task.Enrolment.ComputeAsync(Office, CancellationToken.None);

        list.Eligible.Select(r => r.Number).ShouldBe(["1001", "1004"]);
        list.Incomplete.ShouldBeEmpty();
        (await world.StatusAsync("1001")).ShouldBe(RelationStatus.Admitted);
        (await world.StatusAsync("1002")).ShouldBe(RelationStatus.NotAdmitted);
        (await world.StatusAsync("1003")).ShouldBe(RelationStatus.NotAdmitted);
        world.Sandbox.State.Batches.ShouldBeEmpty("computing the list sends nothing");
    }

    [Fact]
    [Trait("Req", "CP-2")]
    public async Task Incomplete_relations_are_listed_apart_with_exactly_what_is_missing_and_are_not_sent()
    {
        await using var world = await CertipostWorld.StartAsync();
        world.WriteCsv(
            Rows.Row("2001"),
            Rows.Row("2002", email: "", city: ""),
            Rows.Row("2003", vat: "BE0812.345.699"),
            Rows.Row("2004", vat: "NL123456789B01", country: "NL", language: ""),
            Rows.Row("2005", country: ""));
        using var task = world.Enrol();

        var list = await task.Enrolment.ComputeAsync(Office, CancellationToken.None);

        list.Eligible.Select(r => r.Number).ShouldBe(["2001"]);
        var incomplete = list.Incomplete.ToDictionary(i => i.Relation.Number);
        incomplete.Keys.Order().ShouldBe(["2002", "2003", "2004", "2005"]);
        incomplete["2002"].MissingFields.ShouldBe([RelationField.Email, RelationField.City]);
        incomplete["2002"].Problems.ShouldAllBe(p => p.Problem == "missing");
        incomplete["2003"].MissingFields.ShouldBe([RelationField.VatNumber]);
        incomplete["2003"].Problems[0].Problem.ShouldContain("check digit");
        incomplete["2004"].MissingFields.ShouldBe([RelationField.Language], "a Dutch VAT number has no Belgian check digit");
        incomplete["2005"].MissingFields.ShouldBe([RelationField.CountryCode]);

        var sent = await task.Enrolment.SendAsync(Office, CancellationToken.None);

        sent.Sent.Select(r => r.Number).ShouldBe(["2001"]);
        sent.Incomplete.Count.ShouldBe(4);
        world.Sandbox.State.Batches.Single().OptIns!.Select(o => o.CustomerReference).ShouldBe(["2001"]);
        foreach (var number in new[] { "2002", "2003", "2004", "2005" })
        {
            (await world.StatusAsync(number)).ShouldBe(RelationStatus.Admitted);
        }
    }

    [Fact]
    [Trait("Req", "CP-2")]
    public async Task The_mandatory_fields_are_configurable()
    {
        await using var world = await CertipostWorld.StartAsync();
        world.WriteCsv(Rows.Row("2101", language: "", street: ""));
        using var task = world.Enrol(s => s.MandatoryFields = [RelationField.Name, RelationField.Street]);

        var list = await task.Enrolment.ComputeAsync(Office, CancellationToken.None);

        list.Incomplete.Single().MissingFields.ShouldBe([RelationField.Street], "language is not mandatory here");
        task.Enrolment.MandatoryFields.ShouldBe([RelationField.Name, RelationField.Street]);
    }

    [Fact]
    [Trait("Req", "CP-3")]
    public async Task Recomputing_rereads_the_source_after_the_data_was_fixed()
    {
        await using var world = await CertipostWorld.StartAsync();
        world.WriteCsv(Rows.Row("3001", email: ""), Rows.Row("3002", status: "Onbekend"));
        using var task = world.Enrol();
        var before = await task.Enrolment.ComputeAsync(Office, CancellationToken.None);
        before.Eligible.ShouldBeEmpty();
        before.Incomplete.Single().Relation.Number.ShouldBe("3001");

        world.WriteCsv(Rows.Row("3001", email: "info@3001.be"), Rows.Row("3002"), Rows.Row("3003"));
        var after = await task.Enrolment.ComputeAsync(Office, CancellationToken.None);

        after.Eligible.Select(r => r.Number).ShouldBe(["3001", "3002", "3003"]);
        after.Eligible[0].Email.ShouldBe("info@3001.be");
        after.Incomplete.ShouldBeEmpty();
        (await world.StatusAsync("3002")).ShouldBe(RelationStatus.Admitted, "the package's status changed to Toegelaten");
    }

    [Fact]
    [Trait("Req", "CP-4")]
    public async Task Sending_enrols_the_complete_ones_in_one_BURST_batch_and_they_leave_the_list_as_submitted()
    {
        await using var world = await CertipostWorld.StartAsync();
        world.WriteCsv(
            Rows.Row("4001", vat: "BE 0403.170.701"),
            Rows.Row("4002", name: "Garage Janssens", vat: "0812345603", language: "FR"),
            Rows.Row("4003", email: ""));
        using var task = world.Enrol();

        var sent = await task.Enrolment.SendAsync(Office, CancellationToken.None);

        sent.Sent.Select(r => r.Number).ShouldBe(["4001", "4002"]);
        sent.CertipostAuditId.ShouldNotBeNullOrEmpty();
        var batch = world.Sandbox.State.Batches.ShouldHaveSingleItem();
        batch.OptIns!.ShouldAllBe(o => o.Type == "BURST");
        batch.OptIns!.Select(o => o.VatNumber).ShouldBe(["BE0403170701", "BE0812345603"]);
        batch.OptIns![1].Language.ShouldBe("fr");
        (await world.StatusAsync("4001")).ShouldBe(RelationStatus.Submitted);
        (await world.StatusAsync("4002")).ShouldBe(RelationStatus.Submitted);
        (await world.StatusAsync("4003")).ShouldBe(RelationStatus.Admitted);
        CertipostNames.Label(RelationStatus.Submitted).ShouldBe("Toegestaan, doorgegeven, niet bevestigd");

        var list = await task.Enrolment.ComputeAsync(Office, CancellationToken.None);
        list.Eligible.ShouldBeEmpty("sent relations leave the list");
        list.Incomplete.Single().Relation.Number.ShouldBe("4003");

        var again = await task.Enrolment.SendAsync(Office, CancellationToken.None);
        again.Sent.ShouldBeEmpty();
        world.Sandbox.State.Batches.Count.ShouldBe(1, "nothing is sent twice");
    }

    [Fact]
    [Trait("Req", "CP-4")]
    public async Task Once_submitted_the_status_cannot_be_changed_by_hand()
    {
        await using var world = await CertipostWorld.StartAsync();
        world.WriteCsv(Rows.Row("4101"), Rows.Row("4102", status: "Onbekend"));
        using var task = world.Enrol();
        await task.Enrolment.SendAsync(Office, CancellationToken.None);

        var refused = await Should.ThrowAsync<RelationStatusLockedException>(
            () => task.Enrolment.ChangeStatusAsync("4101", RelationStatus.NotAdmitted, "piet@kantoor.be", CancellationToken.None));

        refused.Message.ShouldContain("relation 4101");
        refused.Message.ShouldContain("can no longer be changed by hand");
        refused.Message.ShouldContain("Toegestaan, doorgegeven, niet bevestigd");
        refused.Message.ShouldContain(Office);
        (await world.StatusAsync("4101")).ShouldBe(RelationStatus.Submitted);

        // an unsent relation can be changed by hand, and the change sticks until the package's status changes
        var changed = await task.Enrolment.ChangeStatusAsync("4102", RelationStatus.Admitted, "piet@kantoor.be", CancellationToken.None);
        changed.Status.ShouldBe(RelationStatus.Admitted);
        (await task.Enrolment.ComputeAsync(Office, CancellationToken.None)).Eligible.Select(r => r.Number).ShouldBe(["4102"]);
        await Should.ThrowAsync<InvalidOperationException>(
            () => task.Enrolment.ChangeStatusAsync("4102", RelationStatus.Confirmed, "piet@kantoor.be", CancellationToken.None));
    }

    [Fact]
    [Trait("Req", "CP-4")]
    public async Task A_batch_whose_answer_was_lost_is_sent_again_under_its_reference_and_taken_once()
    {
        await using var world = await CertipostWorld.StartAsync();
        world.WriteCsv(Rows.Row("4201"), Rows.Row("4202"));
        using var task = world.Enrol();
        world.Sandbox.State.LoseNextAnswers = 1;

        await Should.ThrowAsync<CertipostUnavailableException>(() => task.Enrolment.SendAsync(Office, CancellationToken.None));

        world.Sandbox.State.Accounts.Count.ShouldBe(2, "Certipost took the batch; only its answer was lost");
        (await world.StatusAsync("4201")).ShouldBe(RelationStatus.Admitted);
        var unsettled = (await task.Enrolment.ListAsync(CancellationToken.None)).Select(r => r.UnsettledBatch).Distinct().ShouldHaveSingleItem();
        unsettled.ShouldNotBeNull();
        world.WriteCsv(Rows.Row("4201"), Rows.Row("4202"), Rows.Row("4203")); // a new relation meanwhile

        var sent = await task.Enrolment.SendAsync(Office, CancellationToken.None);

        sent.Sent.Select(r => r.Number).Order().ShouldBe(["4201", "4202", "4203"]);
        world.Sandbox.State.Batches.Count.ShouldBe(2, "the lost batch once, and one for the new relation");
        world.Sandbox.State.Batches[0].SenderReference.ShouldBe(unsettled);
        world.Sandbox.State.Accounts.Count.ShouldBe(3);
        world.Sandbox.State.Mails.Select(m => m.CustomerReference).Order().ToList().ShouldBe(["4201", "4202", "4203"], "one welcome mail each");
        var records = await task.Enrolment.ListAsync(CancellationToken.None);
        records.ShouldAllBe(r => r.Status == RelationStatus.Submitted && r.UnsettledBatch == null);
        records.Single(r => r.Relation.Number == "4201").CertipostAuditId.ShouldBe(world.Sandbox.State.Accounts.Single(a => a.CustomerReference == "4201").AuditId);
    }

    [Fact]
    [Trait("Req", "CP-4")]
    public async Task A_batch_the_sandbox_refuses_leaves_every_relation_in_the_status_it_had()
    {
        await using var world = await CertipostWorld.StartAsync();
        // e-mail is not mandatory here, so the connector lets 5002 through; Certipost needs it and refuses the batch
        world.WriteCsv(Rows.Row("5001"), Rows.Row("5002", email: ""), Rows.Row("5003"));
        using var task = world.Enrol(s => s.MandatoryFields = [RelationField.Name, RelationField.VatNumber]);
        (await task.Enrolment.ComputeAsync(Office, CancellationToken.None)).Eligible.Count.ShouldBe(3);
        var recordsBefore = await world.Store.Records.ListAsync("certipost.relations", CancellationToken.None);

        var refused = await Should.ThrowAsync<CertipostBatchRefusedException>(() => task.Enrolment.SendAsync(Office, CancellationToken.None));

        refused.Reasons.ShouldHaveSingleItem().ShouldContain("customer 5002");
        refused.Reasons[0].ShouldContain("email is missing");
        foreach (var number in new[] { "5001", "5002", "5003" })
        {
            (await world.StatusAsync(number)).ShouldBe(RelationStatus.Admitted);
        }

        world.Sandbox.State.Accounts.ShouldBeEmpty("Certipost took none of the batch");
        world.Sandbox.State.Mails.ShouldBeEmpty();
        var audit = await world.Store.Audit.ListAsync(null, 100, CancellationToken.None);
        audit.ShouldNotContain(e => e.Details.Contains("Submitted", StringComparison.Ordinal));
        var recordsAfter = await world.Store.Records.ListAsync("certipost.relations", CancellationToken.None);
        recordsAfter.Select(r => (r.Key, r.Status, r.Data)).ShouldBe(recordsBefore.Select(r => (r.Key, r.Status, r.Data)));

        var result = await task.RunAsync(CancellationToken.None);
        result.Kind.ShouldBe(SyncResultKind.Success, "autoSend is off: the run only computes");

        using var autoTask = world.Enrol(s =>
        {
            s.MandatoryFields = [RelationField.Name, RelationField.VatNumber];
            s.AutoSend = true;
        });
        var auto = await autoTask.RunAsync(CancellationToken.None);
        auto.Kind.ShouldBe(SyncResultKind.NeedsInstruction);
        auto.Summary.ShouldContain("5002");
        (await world.StatusAsync("5001")).ShouldBe(RelationStatus.Admitted);
    }

    [Fact]
    [Trait("Req", "CP-5")]
    public async Task Every_status_change_is_in_the_audit_log_with_who_when_from_and_to()
    {
        await using var world = await CertipostWorld.StartAsync();
        world.WriteCsv(Rows.Row("6001"));
        using var task = world.Enrol();
        await task.Enrolment.ComputeAsync(Office, CancellationToken.None);
        world.Clock.Advance(TimeSpan.FromHours(3));

        await task.Enrolment.SendAsync("jan@kantoor.be", CancellationToken.None);

        var entries = await world.Store.Audit.ListAsync("relation:6001", 10, CancellationToken.None);
        entries.Count.ShouldBe(2);
        var enrolled = entries[0];
        enrolled.Who.ShouldBe("jan@kantoor.be");
        enrolled.Action.ShouldBe("status-changed");
        enrolled.At.ShouldBe(CertipostWorld.Start.AddHours(3));
        enrolled.Details.ShouldStartWith("from Admitted (\"Toegelaten\") to Submitted (\"Toegestaan, doorgegeven, niet bevestigd\")");
        enrolled.Details.ShouldContain("BURST");
        var first = entries[1];
        first.Who.ShouldBe(Office);
        first.At.ShouldBe(CertipostWorld.Start);
        first.Details.ShouldStartWith("from (new) to Admitted");

        var record = (await task.Enrolment.GetAsync("6001", CancellationToken.None)).ShouldNotBeNull();
        record.SubmittedBy.ShouldBe("jan@kantoor.be");
        record.SubmittedAt.ShouldBe(CertipostWorld.Start.AddHours(3));
        record.CertipostAuditId.ShouldBe(world.Sandbox.State.Accounts.Single().AuditId);
    }

    [Fact]
    [Trait("Req", "CP-8")]
    public async Task The_opt_in_gives_Certipost_the_customers_email_and_language_for_its_account_and_welcome_mail()
    {
        await using var world = await CertipostWorld.StartAsync();
        world.WriteCsv(
            Rows.Row("8101", email: "jan@peeters.be"),
            Rows.Row("8102", name: "Garage Dubois", vat: "BE0812345603", email: "compta@dubois.be", language: "FR"));
        using var task = world.Enrol();

        await task.Enrolment.SendAsync("anna@kantoor.be", CancellationToken.None);

        // Certipost creates the account and mails the customer (CP-8); what the connector owes it is the address and
        // the language of that mail, per customer, in the BURST opt-in. The connector itself mails no customer.
        var batch = world.Sandbox.State.Batches.ShouldHaveSingleItem();
        batch.OptIns.ShouldNotBeNull().Select(o => (o.Type, o.CustomerReference, o.Email, o.Language)).ShouldBe(
        [
            ("BURST", "8101", "jan@peeters.be", "nl"),
            ("BURST", "8102", "compta@dubois.be", "fr"),
        ]);
        world.Context.Mailer.ShouldNotBeNull("the test kit's context records every mail a component sends").Sent.ShouldBeEmpty();
    }

    [Fact]
    [Trait("Req", "CP-4")]
    public async Task A_wrong_api_key_is_refused_and_changes_nothing()
    {
        await using var world = await CertipostWorld.StartAsync();
        world.WriteCsv(Rows.Row("7001"));
        using var task = world.Enrol(s => { s.Certipost = world.Connection("wrong"); s.AutoSend = true; });

        var result = await task.RunAsync(CancellationToken.None);

        result.Kind.ShouldBe(SyncResultKind.NeedsInstruction);
        result.Instruction!.Severity.ShouldBe(InstructionSeverity.Red);
        result.Summary.ShouldContain("API key");
        (await world.StatusAsync("7001")).ShouldBe(RelationStatus.Admitted);
        world.Sandbox.State.Batches.ShouldBeEmpty();
    }
}

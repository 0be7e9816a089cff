using ConnectorHost.Abstractions.Sync;
using ConnectorHost.Sandbox.Certipost;
using Microsoft.Extensions.Logging;

namespace ConnectorHost.Plugins.Certipost.Tests;

public sealed class DailyTests
{
    private const string Office = "anna@kantoor.be";

    [Fact]
    [Trait("Req", "CP-6")]
    public async Task A_submitted_relation_on_the_daily_list_becomes_confirmed_after_the_two_days_enrolment_takes()
    {
        await using var world = await CertipostWorld.StartAsync();
        world.WriteCsv(Rows.Row("8001"), Rows.Row("8002", name: "Garage Janssens", vat: "BE0812345603"));
        using var enrol = world.Enrol();
        await enrol.Enrolment.SendAsync(Office, CancellationToken.None);
        using var daily = world.Daily();

        world.Clock.Advance(TimeSpan.FromDays(1));
        var early = await daily.RunAsync(CancellationToken.None);
        early.Kind.ShouldBe(SyncResultKind.Success);
        early.Summary.ShouldStartWith("0 confirmed, 0 unsubscribed");
        (await world.StatusAsync("8001")).ShouldBe(RelationStatus.Submitted, "Certipost needs up to 2 days");

        world.Clock.Advance(TimeSpan.FromDays(1));
        var report = await daily.CheckAsync(CancellationToken.None);

        report.Confirmed.Select(r => r.Relation.Number).ShouldBe(["8001", "8002"]);
        report.Overdue.ShouldBeEmpty();
        (await world.StatusAsync("8001")).ShouldBe(RelationStatus.Confirmed);
        var record = (await enrol.Enrolment.GetAsync("8001", CancellationToken.None)).ShouldNotBeNull();
        record.ConfirmedAt.ShouldBe(CertipostWorld.Start.AddDays(2));
        var audit = (await world.Store.Audit.ListAsync("relation:8001", 1, CancellationToken.None)).Single();
        audit.Who.ShouldBe("pipeline:certipost-test");
        audit.Details.ShouldStartWith("from Submitted (\"Toegestaan, doorgegeven, niet bevestigd\") to Confirmed");

        (await daily.CheckAsync(CancellationToken.None)).Confirmed.ShouldBeEmpty("a confirmation is picked up once");
    }

    [Fact]
    [Trait("Req", "CP-6")]
    public async Task A_relation_still_unconfirmed_two_days_after_it_was_submitted_is_reported()
    {
        await using var world = await CertipostWorld.StartAsync(o => o.ConfirmationDelay = TimeSpan.FromDays(4));
        world.WriteCsv(Rows.Row("8101", name: "Drukkerij Claes"));
        using var enrol = world.Enrol();
        await enrol.Enrolment.SendAsync(Office, CancellationToken.None);
        using var daily = world.Daily();

        world.Clock.Advance(TimeSpan.FromDays(2));
        (await daily.RunAsync(CancellationToken.None)).Summary.ShouldNotContain("unconfirmed", Case.Insensitive, "two days is still in time");

        world.Clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromHours(1));
        var result = await daily.RunAsync(CancellationToken.None);

        result.Kind.ShouldBe(SyncResultKind.Success);
        result.Summary.ShouldContain("1 submitted more than 2 days ago and still unconfirmed: 8101 Drukkerij Claes (submitted 2026-03-02 09:00)");
        world.Logs.GetSnapshot().ShouldContain(e => e.Level == LogLevel.Warning && e.Message.Contains("8101", StringComparison.Ordinal) && e.Message.Contains("still unconfirmed", StringComparison.Ordinal));
        (await world.StatusAsync("8101")).ShouldBe(RelationStatus.Submitted);

        world.Clock.Advance(TimeSpan.FromDays(1)); // 4 days and an hour: the sandbox's delay here
        var confirmed = await daily.CheckAsync(CancellationToken.None);
        confirmed.Confirmed.ShouldHaveSingleItem();
        confirmed.Overdue.ShouldBeEmpty();
    }

    [Fact]
    [Trait("Req", "CP-7")]
    public async Task A_customer_who_unsubscribes_on_Certiposts_site_becomes_unsubscribed()
    {
        await using var world = await CertipostWorld.StartAsync();
        world.WriteCsv(Rows.Row("9001"), Rows.Row("9002", vat: "BE0456789034"), Rows.Row("9003", vat: "BE0765432146"));
        using var enrol = world.Enrol();
        await enrol.Enrolment.SendAsync(Office, CancellationToken.None);
        using var daily = world.Daily();
        world.Clock.Advance(TimeSpan.FromDays(2));
        (await daily.CheckAsync(CancellationToken.None)).Confirmed.Count.ShouldBe(3);

        world.Clock.Advance(TimeSpan.FromDays(5));
        await world.PostAsync("control/customers/9001/unsubscribe");
        await world.PostAsync("control/customers/9002/remove");
        var result = await daily.RunAsync(CancellationToken.None);

        result.Summary.ShouldStartWith("0 confirmed, 2 unsubscribed");
        (await world.StatusAsync("9001")).ShouldBe(RelationStatus.Unsubscribed, "marked unsubscribed on the list");
        (await world.StatusAsync("9002")).ShouldBe(RelationStatus.Unsubscribed, "no longer on the list");
        (await world.StatusAsync("9003")).ShouldBe(RelationStatus.Confirmed);
        var audit = (await world.Store.Audit.ListAsync("relation:9002", 1, CancellationToken.None)).Single();
        audit.Details.ShouldContain("from Confirmed");
        audit.Details.ShouldContain("to Unsubscribed");
        audit.Details.ShouldContain("no longer on Certipost's list");
        audit.At.ShouldBe(CertipostWorld.Start.AddDays(7));

        await Should.ThrowAsync<RelationStatusLockedException>(
            () => enrol.Enrolment.ChangeStatusAsync("9001", RelationStatus.Admitted, Office, CancellationToken.None));
        (await enrol.Enrolment.ComputeAsync(Office, CancellationToken.None)).Eligible.ShouldBeEmpty("an unsubscribed customer is not enrolled again");
    }

    [Fact]
    [Trait("Req", "CP-7")]
    public async Task A_customer_who_unsubscribes_before_the_confirmation_becomes_unsubscribed()
    {
        await using var world = await CertipostWorld.StartAsync();
        world.WriteCsv(Rows.Row("9101"));
        using var enrol = world.Enrol();
        await enrol.Enrolment.SendAsync(Office, CancellationToken.None);
        await world.PostAsync("control/customers/9101/unsubscribe");
        world.Clock.Advance(TimeSpan.FromDays(2));
        using var daily = world.Daily();

        var report = await daily.CheckAsync(CancellationToken.None);

        report.Unsubscribed.Single().Relation.Number.ShouldBe("9101");
        report.Confirmed.ShouldBeEmpty();
        (await world.StatusAsync("9101")).ShouldBe(RelationStatus.Unsubscribed);
    }

    [Fact]
    public async Task When_Certipost_cannot_be_reached_nothing_changes_and_the_run_is_transient()
    {
        await using var world = await CertipostWorld.StartAsync();
        world.WriteCsv(Rows.Row("9201"));
        using var enrol = world.Enrol();
        await enrol.Enrolment.SendAsync(Office, CancellationToken.None);
        world.Clock.Advance(TimeSpan.FromDays(2));
        using var daily = world.Daily(s => s.Certipost = new CertipostConnectionSettings { BaseUrl = new Uri("http://127.0.0.1:9/"), ApiKey = "test-key" });

        var result = await daily.RunAsync(CancellationToken.None);

        result.Kind.ShouldBe(SyncResultKind.Transient);
        (await world.StatusAsync("9201")).ShouldBe(RelationStatus.Submitted);
    }
}

using ConnectorHost.Sandbox;
using ConnectorHost.Testing;

namespace ConnectorHost.Plugins.Certipost.Tests;

/// <summary>
/// OF-1 for Certipost: relations go out in batches of <c>batchSize</c> and the daily list is read by page of
/// <c>pageSize</c>, several at once up to the pipeline's <c>maxInFlight</c>, against a sandbox 50 ms away; every
/// relation is still enrolled once and confirmed once. And OF-2: the day's confirmations are one write.
/// </summary>
public sealed class OverlapTests
{
    private const string Office = "anna@kantoor.be";

    [Fact]
    [Trait("Req", "OF-1")]
    public async Task Batches_and_pages_overlap_at_a_distance_and_every_relation_is_enrolled_and_confirmed_once()
    {
        await using var world = await CertipostWorld.StartAsync(o => o.Faults = new FaultSettings { LatencyMs = 50 });
        var numbers = Enumerable.Range(1, 1_000).Select(i => $"{40_000 + i}").ToArray();
        world.WriteCsv(numbers.Select(n => Rows.Row(n)));
        var context = new TestComponentContext(world.Store, world.Clock, "certipost-test", world.Root, logs: world.Logs) { MaxInFlight = 4 };
        void Sizes(CertipostConnectionSettings c)
        {
            c.BatchSize = 100;
            c.PageSize = 100;
        }

        using var enrol = EnrolTaskFactory.CreateTask(world.EnrolTaskSettings(s => Sizes(s.Certipost!)), context);
        var sent = await enrol.Enrolment.SendAsync(Office, CancellationToken.None);

        sent.Sent.Count.ShouldBe(1_000);
        var batches = world.Sandbox.State.Batches;
        batches.Count.ShouldBe(10, "1,000 relations in batches of 100");
        batches.Select(b => b.SenderReference).Distinct().Count().ShouldBe(10);
        batches.SelectMany(b => b.OptIns!).Select(o => o.CustomerReference).ShouldBe(numbers, ignoreOrder: true);
        world.Sandbox.State.Accounts.Select(a => a.CustomerReference).ShouldBe(numbers, ignoreOrder: true);
        var peakOfSend = world.Sandbox.Faults.PeakInFlight;
        peakOfSend.ShouldBeGreaterThan(1, "the batches overlap");
        peakOfSend.ShouldBeLessThanOrEqualTo(4, "never more than maxInFlight");

        world.Clock.Advance(TimeSpan.FromDays(2)); // past the sandbox's confirmation delay
        var connection = world.Connection();
        Sizes(connection);
        var daily = DailyTaskFactory.CreateTask(new DailyTaskSettings { Certipost = connection }, context);
        var callsBefore = world.Sandbox.Faults.Calls;
        using (daily)
        {
            var report = await daily.CheckAsync(CancellationToken.None);
            report.Confirmed.Select(r => r.Relation.Number).ShouldBe(numbers, ignoreOrder: true);
            report.Unsubscribed.ShouldBeEmpty();
        }

        (world.Sandbox.Faults.Calls - callsBefore).ShouldBe(10, "1,000 enrolled customers: ten pages of 100");
        (await enrol.Enrolment.ListAsync(CancellationToken.None)).ShouldAllBe(r => r.Status == RelationStatus.Confirmed);
        var audit = await world.Store.Audit.ListAsync(null, 5_000, CancellationToken.None);
        audit.Where(a => a.Action == "status-changed").GroupBy(a => a.Subject).ShouldAllBe(g => g.Count() == 3, "new, submitted, confirmed: each once");
    }

    [Fact]
    [Trait("Req", "OF-1")]
    public async Task A_page_answered_503_is_asked_again_after_a_pause_of_the_whole_pipeline()
    {
        await using var world = await CertipostWorld.StartAsync();
        var numbers = Enumerable.Range(1, 250).Select(i => $"{50_000 + i}").ToArray();
        world.WriteCsv(numbers.Select(n => Rows.Row(n)));
        var context = new TestComponentContext(world.Store, world.Clock, "certipost-test", world.Root, logs: world.Logs) { MaxInFlight = 4 };
        using var enrol = EnrolTaskFactory.CreateTask(world.EnrolTaskSettings(), context);
        (await enrol.Enrolment.SendAsync(Office, CancellationToken.None)).Sent.Count.ShouldBe(250);
        world.Clock.Advance(TimeSpan.FromDays(2));
        world.Sandbox.Faults.Configure(new FaultSettings { Http503 = FaultRule.Next(2) });

        var connection = world.Connection();
        connection.PageSize = 100;
        using var daily = DailyTaskFactory.CreateTask(new DailyTaskSettings { Certipost = connection }, context);
        var report = await daily.CheckAsync(CancellationToken.None);

        report.Confirmed.Count.ShouldBe(250, "every page was read in the end");
        world.Sandbox.Faults.Calls.ShouldBe(3 + 2, "three pages; the first two calls answered 503 and were asked again");
    }

    [Fact]
    [Trait("Req", "OF-2")]
    public async Task The_days_confirmations_are_written_in_one_transaction()
    {
        await using var world = await CertipostWorld.StartAsync();
        world.WriteCsv(Enumerable.Range(1, 200).Select(i => Rows.Row($"{60_000 + i}")));
        using var enrol = world.Enrol();
        await enrol.Enrolment.SendAsync(Office, CancellationToken.None);
        world.Clock.Advance(TimeSpan.FromDays(2));
        var counting = new BatchWriteTests.CountingState(world.Store);

        using var daily = DailyTaskFactory.CreateTask(new DailyTaskSettings { Certipost = world.Connection() }, new TestComponentContext(counting, world.Clock, "certipost-test", world.Root));
        var report = await daily.CheckAsync(CancellationToken.None);

        report.Confirmed.Count.ShouldBe(200);
        counting.Records.Puts.ShouldBe(0, "no confirmation is written on its own");
        counting.Records.PutManys.ShouldBe(1);
    }
}

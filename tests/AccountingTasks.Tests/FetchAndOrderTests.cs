using ConnectorHost.Abstractions.State;
using ConnectorHost.Abstractions.Sync;
using ConnectorHost.Sandbox.AccountingPlatform;
using ConnectorHost.State.Sqlite;

namespace ConnectorHost.Plugins.AccountingTasks.Tests;

public sealed class FetchAndOrderTests
{
    [Fact]
    [Trait("Req", "AT-1")]
    public async Task Every_kind_of_task_the_platform_queues_is_fetched_run_in_the_package_and_reported_done()
    {
        await using var kit = await TestKit.StartAsync();
        kit.Deliver("T1", TaskKinds.ProcessBookingProposal, "D1", Payloads.Booking(), 1);
        kit.Deliver("T2", TaskKinds.DeleteBookingProposal, "D1", """{"reference":"VK-2026-001"}""", 2);
        kit.Deliver("T3", TaskKinds.SynchroniseDossier, "D2", """{"mode":"incremental"}""", 3);
        kit.Deliver("T4", TaskKinds.ActivateDossier, "D3", Payloads.Activation("DOS-3"), 4);
        // Through the factory, as the host creates it.
        var connector = ConnectorHost.Queues.QueueRunner.CreateSyncTask(new TaskQueueFactory(), kit.Settings(), kit.ContextFor(kit.Store)).Task;

        var result = await connector.RunAsync(CancellationToken.None);

        result.Kind.ShouldBe(SyncResultKind.Success, result.Summary);
        result.Summary.ShouldStartWith("4 tasks fetched (4 new), 4 done");
        kit.Sandbox.Runs.OrderBy(r => r.TaskId).Select(r => (r.TaskId, r.Kind, r.Dossier, r.Cause)).ShouldBe(
        [
            ("T1", TaskKinds.ProcessBookingProposal, "D1", (string?)null),
            ("T2", TaskKinds.DeleteBookingProposal, "D1", null),
            ("T3", TaskKinds.SynchroniseDossier, "D2", null),
            ("T4", TaskKinds.ActivateDossier, "D3", null),
        ]);
        kit.Sandbox.Runs.Single(r => r.TaskId == "T4").Payload.ShouldBe(Payloads.Activation("DOS-3"));
        kit.Sandbox.Tasks(TestKit.Office).Select(t => t.Result?.Status).ShouldAllBe(s => s == "done");
        kit.Sandbox.Pending(TestKit.Office).ShouldBeEmpty();
        (await kit.Store.Tasks.ListAsync(new TaskQuery(TestKit.Pipeline), CancellationToken.None))
            .Select(t => t.Status).ShouldAllBe(s => s == QueuedTaskStatus.Done);

        (await connector.RunAsync(CancellationToken.None)).Summary.ShouldStartWith("0 tasks fetched (0 new), 0 done");
        kit.Sandbox.Runs.Count.ShouldBe(4);
        ((IDisposable)connector).Dispose();
    }

    [Fact]
    [Trait("Req", "AT-2")]
    public async Task Tasks_run_in_order_of_delivery_not_of_their_ids()
    {
        await using var kit = await TestKit.StartAsync();
        kit.Deliver("X9", TaskKinds.ProcessBookingProposal, "D1", Payloads.Booking(), 1);
        kit.Deliver("X1", TaskKinds.SynchroniseDossier, "D2", "{}", 2);
        kit.Deliver("X5", TaskKinds.ProcessBookingProposal, "D1", Payloads.Booking(), 3);
        kit.Deliver("X3", TaskKinds.DeleteBookingProposal, "D1", "{}", 0);
        kit.Deliver("X2", TaskKinds.SynchroniseDossier, "D2", "{}", 5);

        (await kit.Connector(kit.Settings(workers: 1)).RunAsync(CancellationToken.None)).Kind.ShouldBe(SyncResultKind.Success);

        kit.Sandbox.Runs.Select(r => r.TaskId).ShouldBe(["X3", "X9", "X1", "X5", "X2"]);
    }

    [Fact]
    [Trait("Req", "AT-2")]
    public async Task Across_polls_a_dossier_keeps_the_order_of_delivery_a_task_fetched_later_never_overtakes_a_waiting_one()
    {
        await using var kit = await TestKit.StartAsync();
        kit.Deliver("A1", TaskKinds.ProcessBookingProposal, "A", Payloads.Booking(), 1);
        kit.Deliver("B1", TaskKinds.SynchroniseDossier, "B", "{}", 2);
        kit.Sandbox.AddFailure(new FailureRule(FailureCauses.PackageUnavailable, TaskId: "A1", Times: 1));
        var connector = kit.Connector(kit.Settings(workers: 1));

        // Poll 1: A1 fails for a moment and waits for its retry (1 minute); B1 runs.
        (await connector.RunAsync(CancellationToken.None)).Summary.ShouldStartWith("2 tasks fetched (2 new), 1 done, 1 to retry");

        // Between the polls the platform queues more: a later task of A, and tasks of B and C.
        kit.Clock.Advance(TimeSpan.FromSeconds(30));
        kit.Deliver("A2", TaskKinds.ProcessBookingProposal, "A", Payloads.Booking(), 70);
        kit.Deliver("B2", TaskKinds.SynchroniseDossier, "B", "{}", 71);
        kit.Deliver("C1", TaskKinds.SynchroniseDossier, "C", "{}", 72);

        // Poll 2: A1 is not due yet, so A2 waits behind it; B2 and C1 run in their order.
        (await connector.RunAsync(CancellationToken.None)).Summary.ShouldStartWith("4 tasks fetched (3 new), 2 done"); // A1 is still pending at the platform
        (await kit.StoredAsync("A2")).Status.ShouldBe(QueuedTaskStatus.Waiting);

        // Poll 3: A1, then A2.
        kit.Clock.Advance(TimeSpan.FromMinutes(1));
        (await connector.RunAsync(CancellationToken.None)).Summary.ShouldStartWith("2 tasks fetched (0 new), 2 done");

        kit.Sandbox.Runs.Select(r => (r.TaskId, r.Cause)).ShouldBe(
        [
            ("A1", FailureCauses.PackageUnavailable),
            ("B1", null),
            ("B2", null),
            ("C1", null),
            ("A1", null),
            ("A2", null),
        ]);
    }

    [Fact]
    [Trait("Req", "AT-2")]
    public async Task Fetched_tasks_are_stored_before_they_run_so_a_host_that_dies_loses_none_even_when_the_platform_is_down_afterwards()
    {
        await using var kit = await TestKit.StartAsync();
        kit.Deliver("A1", TaskKinds.ProcessBookingProposal, "A", Payloads.Booking(), 1);
        kit.Deliver("A2", TaskKinds.ProcessBookingProposal, "A", Payloads.Booking(), 2);
        kit.Deliver("B1", TaskKinds.SynchroniseDossier, "B", "{}", 3);
        kit.Sandbox.HoldRun("A1");
        using var dying = new CancellationTokenSource();

        var run = kit.Connector(kit.Settings(workers: 1)).RunAsync(dying.Token);
        await kit.Sandbox.WaitUntilHeldAsync("A1", CancellationToken.None);

        // All three are in the store while the first one runs.
        (await kit.Store.Tasks.ListAsync(new TaskQuery(TestKit.Pipeline), CancellationToken.None))
            .Select(t => (t.ExternalId, t.Status)).OrderBy(t => t.ExternalId)
            .ShouldBe([("A1", QueuedTaskStatus.Running), ("A2", QueuedTaskStatus.Waiting), ("B1", QueuedTaskStatus.Waiting)]);

        await dying.CancelAsync(); // the host stops in the middle of A1
        await Should.ThrowAsync<OperationCanceledException>(run);
        kit.Sandbox.Release("A1"); // the package may still finish A1: the connector never saw the answer

        // The host starts again; the platform is down now, yet every task fetched before runs, once, in order.
        kit.Sandbox.FetchUnavailable = true;
        var restarted = new SqliteStateStore(kit.StatePath, kit.Clock);
        await restarted.MigrateAsync(CancellationToken.None);
        var result = await kit.Connector(kit.Settings(workers: 1), restarted).RunAsync(CancellationToken.None);

        result.Kind.ShouldBe(SyncResultKind.Transient);
        result.Summary.ShouldContain("could not be reached");
        result.Summary.ShouldContain("3 done");
        // Done once each: the package knows A1 by its id when it had finished it after all.
        kit.Sandbox.Runs.Where(r => !r.Repeat).Select(r => r.TaskId).ShouldBe(["A1", "A2", "B1"]);
        kit.Sandbox.Runs.ShouldAllBe(r => r.Cause == null);
    }

    [Fact]
    public async Task A_key_the_package_refuses_stops_every_worker_and_gives_the_tasks_back_without_instructions()
    {
        await using var kit = await TestKit.StartAsync();
        for (var i = 0; i < 8; i++)
        {
            kit.Deliver($"T{i}", TaskKinds.SynchroniseDossier, $"D{i % 4}", "{}", i);
        }

        kit.Sandbox.PackageRefusesKeys = true; // the platform accepts the key, the package refuses it
        using var connector = kit.Connector(kit.Settings(workers: 4));

        var result = await connector.RunAsync(CancellationToken.None);

        result.Kind.ShouldBe(SyncResultKind.Transient);
        result.Summary.ShouldBe("The package refused the API key (HTTP 401). Check the apiKey setting.");
        (await kit.Store.Tasks.ListAsync(new TaskQuery(TestKit.Pipeline), CancellationToken.None)).ShouldAllBe(t => t.Status == QueuedTaskStatus.Waiting);
        (await kit.Store.Instructions.ListAsync(openOnly: false, CancellationToken.None)).ShouldBeEmpty();
        kit.Sandbox.Tasks(TestKit.Office).ShouldAllBe(t => t.Result == null);
    }

    [Fact]
    public async Task A_refused_api_key_stops_the_run_with_one_clear_message_and_fetches_nothing()
    {
        await using var kit = await TestKit.StartAsync();
        kit.Deliver("A1", TaskKinds.SynchroniseDossier, "A");
        var settings = kit.Settings();
        settings.ApiKey = "wrong";

        var result = await kit.Connector(settings).RunAsync(CancellationToken.None);

        result.Kind.ShouldBe(SyncResultKind.Transient);
        result.Summary.ShouldContain("refused the API key of office kantoor-demo");
        result.Summary.ShouldNotContain("wrong");
        (await kit.Store.Tasks.ListAsync(new TaskQuery(), CancellationToken.None)).ShouldBeEmpty();
        kit.Sandbox.Runs.ShouldBeEmpty();
    }
}

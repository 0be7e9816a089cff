using System.Globalization;
using ConnectorHost.Abstractions.State;
using ConnectorHost.Abstractions.Sync;
using ConnectorHost.Sandbox.AccountingPlatform;
using ConnectorHost.State.Sqlite;

namespace ConnectorHost.Plugins.AccountingTasks.Tests;

public sealed class LeaseAndParallelTests
{
    [Fact]
    [Trait("Req", "AT-3")]
    public async Task A_task_still_running_at_the_next_check_is_not_started_again_and_holds_back_its_dossier()
    {
        await using var kit = await TestKit.StartAsync();
        kit.Deliver("A1", TaskKinds.ProcessBookingProposal, "A", Payloads.Booking(), 1);
        kit.Deliver("A2", TaskKinds.ProcessBookingProposal, "A", Payloads.Booking(), 2);
        kit.Deliver("B1", TaskKinds.SynchroniseDossier, "B", "{}", 3);
        kit.Deliver("B2", TaskKinds.SynchroniseDossier, "B", "{}", 4);
        kit.Sandbox.HoldRun("A1"); // A1 takes longer than the poll interval

        var first = kit.Connector(kit.Settings(workers: 1)).RunAsync(CancellationToken.None);
        await kit.Sandbox.WaitUntilHeldAsync("A1", CancellationToken.None);

        kit.Clock.Advance(TimeSpan.FromMinutes(5)); // the next check, by a second connector on the same store
        var next = await kit.Connector(kit.Settings(workers: 4)).RunAsync(CancellationToken.None);

        next.Summary.ShouldStartWith("4 tasks fetched (0 new), 2 done");
        kit.Sandbox.Runs.Select(r => r.TaskId).ShouldBe(["B1", "B2"]); // neither A1 again nor A2 before it
        (await kit.StoredAsync("A1")).Status.ShouldBe(QueuedTaskStatus.Running);
        (await kit.StoredAsync("A2")).Status.ShouldBe(QueuedTaskStatus.Waiting);

        kit.Sandbox.Release("A1");
        (await first).Kind.ShouldBe(SyncResultKind.Success);
        kit.Sandbox.Runs.Select(r => r.TaskId).ShouldBe(["B1", "B2", "A1", "A2"]);
        kit.Sandbox.OverlappingRunsPerDossier.ShouldBe(0);
    }

    [Fact]
    [Trait("Req", "AT-3")]
    public async Task The_task_of_a_connector_that_died_is_taken_over_when_its_lease_runs_out_never_by_hand()
    {
        await using var kit = await TestKit.StartAsync();
        kit.Deliver("A1", TaskKinds.ProcessBookingProposal, "A", Payloads.Booking(), 1);
        var connector = kit.Connector();
        kit.Sandbox.FetchUnavailable = true;
        await kit.Store.Tasks.EnqueueAsync(new NewTask(TestKit.Pipeline, "A1", "A", TaskKinds.ProcessBookingProposal, Payloads.Booking(), kit.Clock.GetUtcNow()), CancellationToken.None);
        // A connector claims A1 and dies before it reports anything.
        (await kit.Store.Tasks.ClaimNextAsync(TestKit.Pipeline, "dead-connector", TimeSpan.FromMinutes(15), CancellationToken.None)).ShouldNotBeNull();
        kit.Sandbox.FetchUnavailable = false;

        kit.Clock.Advance(TimeSpan.FromMinutes(10));
        (await connector.RunAsync(CancellationToken.None)).Summary.ShouldStartWith("1 tasks fetched (0 new), 0 done");
        kit.Sandbox.Runs.ShouldBeEmpty();

        kit.Clock.Advance(TimeSpan.FromMinutes(6));
        (await connector.RunAsync(CancellationToken.None)).Summary.ShouldStartWith("1 tasks fetched (0 new), 1 done");
        kit.Sandbox.Runs.Select(r => r.TaskId).ShouldBe(["A1"]);
        kit.ResultOf("A1").ShouldNotBeNull().Status.ShouldBe("done");
    }

    [Fact]
    [Trait("Req", "AT-4")]
    public async Task Two_connectors_with_four_workers_each_run_every_task_once_in_order_and_never_one_dossier_twice_at_once()
    {
        await using var kit = await TestKit.StartAsync();
        var expected = Deliver(kit, tasks: 300, dossiers: 30);
        var secondStore = new SqliteStateStore(kit.StatePath, kit.Clock); // another host on the same database

        var results = await Task.WhenAll(
            kit.Connector(kit.Settings(workers: 4)).RunAsync(CancellationToken.None),
            kit.Connector(kit.Settings(workers: 4), secondStore).RunAsync(CancellationToken.None));

        results.ShouldAllBe(r => r.Kind == SyncResultKind.Success);
        var runs = kit.Sandbox.Runs;
        runs.Count.ShouldBe(300);
        runs.Select(r => r.TaskId).Distinct().Count().ShouldBe(300);
        foreach (var (dossier, ids) in expected)
        {
            runs.Where(r => r.Dossier == dossier).Select(r => r.TaskId).ShouldBe(ids, $"dossier {dossier}");
        }

        kit.Sandbox.OverlappingRunsPerDossier.ShouldBe(0);
        kit.Sandbox.Pending(TestKit.Office).ShouldBeEmpty();
    }

    [Fact]
    [Trait("Req", "AT-4")]
    [Trait("Req", "AT-5")]
    public async Task Many_tasks_over_many_dossiers_with_failures_run_exactly_once_in_order_and_blocked_dossiers_wait_until_resolved()
    {
        const int taskCount = 5000, dossierCount = 200;
        await using var kit = await TestKit.StartAsync();
        var expected = Deliver(kit, taskCount, dossierCount);
        var random = new Random(20261123);
        var causes = FailureCauses.All.Where(c => c != FailureCauses.PackageUnavailable).ToArray();
        // Every tenth dossier fails once in the middle; every seventh has a passing failure somewhere.
        var failing = expected.Keys.Where((_, i) => i % 10 == 3).ToDictionary(d => d, d => expected[d][random.Next(1, expected[d].Count - 1)]);
        foreach (var (dossier, taskId) in failing)
        {
            kit.Sandbox.AddFailure(new FailureRule(causes[random.Next(causes.Length)], TaskId: taskId, Times: 1));
        }

        var passing = expected.Keys.Where((d, i) => i % 7 == 5 && !failing.ContainsKey(d)).Select(d => expected[d][random.Next(expected[d].Count)]).ToList();
        foreach (var taskId in passing)
        {
            kit.Sandbox.AddFailure(new FailureRule(FailureCauses.PackageUnavailable, TaskId: taskId, Times: 1));
        }

        var connector = kit.Connector(kit.Settings(workers: 4));
        (await connector.RunAsync(CancellationToken.None)).Kind.ShouldBe(SyncResultKind.Success);
        kit.Clock.Advance(TimeSpan.FromMinutes(5));
        await connector.RunAsync(CancellationToken.None); // the passing failures are due again

        // Blocked dossiers hold every task from the failed one on; all others are done.
        var stored = (await kit.Store.Tasks.ListAsync(new TaskQuery(TestKit.Pipeline, Limit: taskCount), CancellationToken.None)).ToDictionary(t => t.ExternalId);
        foreach (var (dossier, ids) in expected)
        {
            var firstHeld = failing.TryGetValue(dossier, out var failed) ? ids.IndexOf(failed) : ids.Count;
            ids.Take(firstHeld).ShouldAllBe(id => stored[id].Status == QueuedTaskStatus.Done);
            if (failed is not null)
            {
                stored[failed].Status.ShouldBe(QueuedTaskStatus.Failed);
                ids.Skip(firstHeld + 1).ShouldAllBe(id => stored[id].Status == QueuedTaskStatus.Waiting);
            }
        }

        var open = await kit.Store.Instructions.ListAsync(openOnly: true, CancellationToken.None);
        open.Count.ShouldBe(failing.Count);
        foreach (var instruction in open)
        {
            (await kit.Store.Instructions.ResolveAsync(instruction.Id, "test", CancellationToken.None)).ShouldBeTrue();
        }

        await connector.RunAsync(CancellationToken.None);

        var succeeded = kit.Sandbox.Runs.Where(r => r.Cause is null).ToList();
        succeeded.Count.ShouldBe(taskCount);
        succeeded.Select(r => r.TaskId).Distinct().Count().ShouldBe(taskCount);
        foreach (var (dossier, ids) in expected)
        {
            succeeded.Where(r => r.Dossier == dossier).Select(r => r.TaskId).ShouldBe(ids, $"dossier {dossier}");
        }

        kit.Sandbox.Runs.Count(r => r.Cause is not null).ShouldBe(failing.Count + passing.Count);
        kit.Sandbox.OverlappingRunsPerDossier.ShouldBe(0);
        kit.Sandbox.Tasks(TestKit.Office).ShouldAllBe(t => t.Result!.Status == "done");
    }

    /// <summary>Delivers tasks round-robin over dossiers, in shuffled id order; returns each dossier's ids in delivery order.</summary>
    private static Dictionary<string, List<string>> Deliver(TestKit kit, int tasks, int dossiers)
    {
        var expected = new Dictionary<string, List<string>>();
        var start = kit.Clock.GetUtcNow().AddDays(-1);
        var random = new Random(42);
        for (var i = 0; i < tasks; i++)
        {
            var dossier = "D" + (i % dossiers).ToString("D3", CultureInfo.InvariantCulture);
            var id = "T" + random.Next(100_000_000).ToString("D9", CultureInfo.InvariantCulture) + "-" + i.ToString(CultureInfo.InvariantCulture);
            var kind = TaskKinds.All[i % 3]; // no activations: those need dossier codes
            kit.Sandbox.Enqueue(TestKit.Office, new TaskInput(kind, dossier, id, Payloads.Booking(reference: id), start.AddSeconds(i)));
            (expected.TryGetValue(dossier, out var ids) ? ids : expected[dossier] = []).Add(id);
        }

        return expected;
    }
}

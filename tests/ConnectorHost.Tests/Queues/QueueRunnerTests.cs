using System.Collections.Concurrent;
using ConnectorHost.Abstractions.Queues;
using ConnectorHost.Abstractions.State;
using ConnectorHost.Abstractions.Sync;
using ConnectorHost.Queues;
using ConnectorHost.State;
using ConnectorHost.Testing;
using ConnectorHost.Tests.State;
using ConnectorHost.Tests.Support;

namespace ConnectorHost.Tests.Queues;

/// <summary>The host's queue runner on a real state store (SQLite here; the first test on PostgreSQL too).</summary>
public abstract class QueueRunnerContract : StateStoreContract
{
    protected const string Queue = "accounting-tasks";

    [Fact]
    [Trait("Req", "AT-1")]
    [Trait("Req", "AT-2")]
    [Trait("Req", "AT-4")]
    public async Task Fetched_tasks_are_stored_before_any_runs_then_run_once_each_FIFO_per_dossier_on_several_workers_and_reported_done()
    {
        var store = await Db.OpenMigratedAsync();
        var handler = new ScriptedHandler();
        var expected = new Dictionary<string, List<string>>();
        for (var i = 0; i < 60; i++)
        {
            var dossier = $"D{i % 6}";
            handler.Offered.Add(new NewTask(Queue, $"T{i:00}", dossier, "run", "{}", TempStateDatabase.Start.AddMinutes(-60 + i)));
            (expected.TryGetValue(dossier, out var ids) ? ids : expected[dossier] = []).Add($"T{i:00}");
        }

        var overlaps = new OverlapDetector();
        var stored = new ConcurrentBag<int>();
        handler.Run = async (task, token) =>
        {
            stored.Add((await store.Tasks.ListAsync(new TaskQuery(Queue, Limit: 1000), token)).Count);
            using (overlaps.Enter(task.Dossier, task.ExternalId))
            {
                await Task.Delay(Random.Shared.Next(0, 3), token);
            }

            return QueueTaskResult.Done();
        };
        await using var runner = Runner(store, handler, Settings(workers: 4));

        var result = await runner.RunAsync(CancellationToken.None);

        result.ShouldBe(SyncResult.Success("60 tasks fetched (60 new), 60 done, 0 to retry, 0 failed with an instruction, 0 instruction mails"));
        stored.ShouldAllBe(count => count == 60);
        overlaps.Overlaps.ShouldBeEmpty();
        foreach (var (dossier, ids) in expected)
        {
            handler.Runs.Where(t => t.Dossier == dossier).Select(t => t.ExternalId).ShouldBe(ids, $"dossier {dossier}");
        }

        handler.Reports.Select(r => r.Task).Order(StringComparer.Ordinal).ShouldBe(handler.Offered.Select(t => t.ExternalId));
        handler.Reports.ShouldAllBe(r => r.Report == new QueueTaskReport(QueuedTaskStatus.Done, null));

        // The origin still offers them (its reports were lost): nothing runs again, each is reported done again.
        (await runner.RunAsync(CancellationToken.None)).Summary.ShouldBe("60 tasks fetched (0 new), 0 done, 0 to retry, 0 failed with an instruction, 0 instruction mails");
        handler.Runs.Count.ShouldBe(60);
        handler.Reports.Count.ShouldBe(120);
    }

    [Fact]
    [Trait("Req", "AT-7")]
    [Trait("Req", "H-8")]
    public async Task Every_instruction_of_one_dossier_is_mailed_the_second_after_the_first_was_resolved_and_the_task_failed_again()
    {
        var store = await Db.OpenMigratedAsync();
        var handler = new ScriptedHandler();
        handler.Offered.Add(new NewTask(Queue, "A1", "A", "run", "{}", TempStateDatabase.Start.AddHours(-1)));
        handler.Offered.Add(new NewTask(Queue, "A2", "A", "run", "{}", TempStateDatabase.Start.AddHours(-1).AddMinutes(1)));
        var wrongPeriod = new Instruction("A", InstructionSeverity.Orange, "Boekjaar 2023 is afgesloten: heropen de periode.", "wrong-period");
        var wrongJournal = new Instruction("A", InstructionSeverity.Orange, "Dagboek VK bestaat niet: maak het aan.", "wrong-journal");
        var failures = new Dictionary<string, Instruction?> { ["A1"] = wrongPeriod, ["A2"] = wrongJournal };
        handler.Run = (task, _) => Task.FromResult(failures[task.ExternalId] is { } failure ? QueueTaskResult.Failed(failure) : QueueTaskResult.Done());
        var mailer = Mailer();
        await using var runner = Runner(store, handler, Settings(), mailer);

        (await runner.RunAsync(CancellationToken.None)).Summary.ShouldEndWith("1 failed with an instruction, 1 instruction mails");
        var first = (await store.Instructions.ListAsync(openOnly: true, CancellationToken.None)).ShouldHaveSingleItem();

        // The accountant resolves it, but the period is still closed: A1 fails again, the same cause for the same dossier.
        (await store.Instructions.ResolveAsync(first.Id, "dashboard:anna", CancellationToken.None)).ShouldBeTrue();
        (await runner.RunAsync(CancellationToken.None)).Summary.ShouldEndWith("1 failed with an instruction, 1 instruction mails");
        var second = (await store.Instructions.ListAsync(openOnly: true, CancellationToken.None)).ShouldHaveSingleItem();
        second.Id.ShouldNotBe(first.Id);

        // Resolved again and A1 now goes through; A2 of the same dossier fails with another cause: a third mail.
        failures["A1"] = null;
        (await store.Instructions.ResolveAsync(second.Id, "dashboard:anna", CancellationToken.None)).ShouldBeTrue();
        (await runner.RunAsync(CancellationToken.None)).Summary.ShouldEndWith("1 done, 0 to retry, 1 failed with an instruction, 1 instruction mails");

        mailer.Sent.Count.ShouldBe(3);
        mailer.Sent.ShouldAllBe(m => m.Subject == "[orange] Action needed for dossier A");
        mailer.Sent.Count(m => m.Text.Contains("wrong-period", StringComparison.Ordinal)).ShouldBe(2);
        mailer.Sent.Last().Text.ShouldContain("Dagboek VK bestaat niet");
        (await runner.RunAsync(CancellationToken.None)).Summary.ShouldEndWith("0 instruction mails");
    }

    [Fact]
    [Trait("Req", "AT-4")]
    [Trait("Req", "OF-4")]
    public async Task A_task_the_origin_holds_as_failed_is_reported_done_by_the_next_life_when_the_host_dies_after_a_refused_report()
    {
        // Found by the office bench (scale 0.1, one SIGKILL): the origin does not offer again a task it holds as failed,
        // and a refused report was kept in memory until the end of the run; the host was killed before that, and the
        // task stayed failed at the origin for good.
        var store = await Db.OpenMigratedAsync();
        var handler = new ScriptedHandler();
        handler.Offered.Add(new NewTask(Queue, "A1", "A", "run", "{}", TempStateDatabase.Start.AddHours(-1)));
        var wrongPeriod = new Instruction("A", InstructionSeverity.Orange, "Boekjaar 2023 is afgesloten: heropen de periode.", "wrong-period");
        var fails = true;
        handler.Run = (_, _) => Task.FromResult(fails ? QueueTaskResult.Failed(wrongPeriod) : QueueTaskResult.Done());
        await using (var first = Runner(store, handler, Settings()))
        {
            (await first.RunAsync(CancellationToken.None)).Summary.ShouldEndWith("1 failed with an instruction, 1 instruction mails");
        }

        handler.Reports.Single().Report.Status.ShouldBe(QueuedTaskStatus.Failed);
        handler.Offered.Clear(); // the origin holds a result of A1: it does not offer it again

        // Resolved; A1 runs again and is done here, but the origin refuses its report and the host dies right then.
        fails = false;
        (await store.Instructions.ResolveAsync((await store.Instructions.ListAsync(openOnly: true, CancellationToken.None)).Single().Id, "dashboard:anna", CancellationToken.None)).ShouldBeTrue();
        using var dies = new CancellationTokenSource();
        handler.BeforeReport = (_, _) =>
        {
            dies.Cancel();
            throw new QueueOriginException("HTTP 503 Service Unavailable");
        };
        await using (var killed = Runner(store, handler, Settings()))
        {
            await Should.ThrowAsync<OperationCanceledException>(() => killed.RunAsync(dies.Token));
        }

        (await store.Tasks.ListAsync(new TaskQuery(Queue, Limit: 10) { ExternalId = "A1" }, CancellationToken.None)).Single().Status.ShouldBe(QueuedTaskStatus.Done);
        handler.Reports.Count.ShouldBe(1, "the done report was refused");

        // The next life reports it, once, though the origin does not offer it.
        handler.BeforeReport = (_, _) => { };
        await using var next = Runner(store, handler, Settings());
        await next.RunAsync(CancellationToken.None);
        await next.RunAsync(CancellationToken.None);
        handler.Reports.Select(r => (r.Task, r.Report.Status)).ShouldBe([("A1", QueuedTaskStatus.Failed), ("A1", QueuedTaskStatus.Done)]);
        handler.Runs.Count.ShouldBe(2, "A1 carried out once more after its instruction, not again");
    }

    protected static QueueSettings Settings(int workers = 2) => new()
    {
        Workers = workers,
        MaxTransientRetries = 2,
        FirstRetryDelay = TimeSpan.FromMinutes(1),
        MaxRetryDelay = TimeSpan.FromMinutes(3),
        LeaseDuration = TimeSpan.FromMinutes(15),
        FirstReminderDate = new DateOnly(2023, 11, 6),
    };

    private protected QueueRunner Runner(IStateStore store, IQueueTaskHandler handler, QueueSettings settings, RecordingMailer? mailer = null) =>
        new(handler, settings, new TestComponentContext(store, Db.Clock, Queue, mail: mailer ?? Mailer()));

    protected static RecordingMailer Mailer() => new(Path.Combine(RepoRoot.Find(), "config", "templates"));
}

public sealed class PostgresQueueRunnerTests(PostgresTestServer server) : QueueRunnerContract, IClassFixture<PostgresTestServer>
{
    protected override Task<IStateTestDatabase> CreateDatabaseAsync() => server.CreateDatabaseAsync();
}

public sealed class QueueRunnerTests : QueueRunnerContract
{
    private static readonly Instruction Unreachable = new("A", InstructionSeverity.Orange, "The package was not reachable for dossier A: start it.", "package-unavailable");

    [Fact]
    [Trait("Req", "AT-5")]
    [Trait("Req", "AT-7")]
    public async Task A_passing_failure_waits_a_doubling_back_off_then_blocks_the_dossier_with_one_instruction_mailed_once()
    {
        var store = await Db.OpenMigratedAsync();
        var handler = new ScriptedHandler();
        handler.Offered.Add(new NewTask(Queue, "A1", "A", "run", "{}", TempStateDatabase.Start.AddHours(-1)));
        handler.Offered.Add(new NewTask(Queue, "A2", "A", "run", "{}", TempStateDatabase.Start.AddHours(-1).AddMinutes(1)));
        handler.Offered.Add(new NewTask(Queue, "B1", "B", "run", "{}", TempStateDatabase.Start.AddHours(-1).AddMinutes(2)));
        handler.Run = (task, _) => Task.FromResult(task.Dossier == "A" ? QueueTaskResult.RetryLater("package down", Unreachable) : QueueTaskResult.Done());
        var mailer = Mailer();
        await using var runner = Runner(store, handler, Settings(), mailer); // maxTransientRetries 2, 1 min doubling, at most 3 min

        (await runner.RunAsync(CancellationToken.None)).Summary.ShouldStartWith("3 tasks fetched (3 new), 1 done, 1 to retry, 0 failed");
        var a1 = (await store.Tasks.ListAsync(new TaskQuery(Queue) { ExternalId = "A1" }, CancellationToken.None)).ShouldHaveSingleItem();
        (a1.Status, a1.Attempts, a1.LastError).ShouldBe((QueuedTaskStatus.Waiting, 1, "package down"));
        (await runner.RunAsync(CancellationToken.None)).Summary.ShouldStartWith("3 tasks fetched (0 new), 0 done, 0 to retry"); // not due: 1 minute
        Db.Clock.Advance(TimeSpan.FromMinutes(1));
        (await runner.RunAsync(CancellationToken.None)).Summary.ShouldStartWith("3 tasks fetched (0 new), 0 done, 1 to retry");
        Db.Clock.Advance(TimeSpan.FromMinutes(1));
        (await runner.RunAsync(CancellationToken.None)).Summary.ShouldStartWith("3 tasks fetched (0 new), 0 done, 0 to retry"); // 2 minutes now
        Db.Clock.Advance(TimeSpan.FromMinutes(1));

        (await runner.RunAsync(CancellationToken.None)).Summary.ShouldBe("3 tasks fetched (0 new), 0 done, 0 to retry, 1 failed with an instruction, 1 instruction mails");

        handler.Runs.Select(t => (t.ExternalId, t.Attempts)).ShouldBe([("A1", 1), ("B1", 1), ("A1", 2), ("A1", 3)], ignoreOrder: true);
        var instruction = (await store.Instructions.ListAsync(openOnly: true, CancellationToken.None)).ShouldHaveSingleItem();
        instruction.Instruction.ShouldBe(Unreachable);
        (await store.Tasks.ListDossiersAsync(Queue, CancellationToken.None)).Single(d => d.Dossier == "A").Blocked.ShouldBeTrue();
        handler.Reports.ShouldContain(("A1", new QueueTaskReport(QueuedTaskStatus.Failed, Unreachable)));
        mailer.Sent.ShouldHaveSingleItem().Subject.ShouldBe("[orange] Action needed for dossier A");

        Db.Clock.Advance(TimeSpan.FromMinutes(5));
        (await runner.RunAsync(CancellationToken.None)).Summary.ShouldEndWith("0 failed with an instruction, 0 instruction mails");
        mailer.Sent.Count.ShouldBe(1);
        handler.Runs.Count.ShouldBe(4, "A2 waits behind the failed A1 until the instruction is resolved");
    }

    [Fact]
    [Trait("Req", "AT-5")]
    public void The_back_off_doubles_from_the_first_delay_and_stops_at_the_longest()
    {
        var settings = Settings();

        Enumerable.Range(1, 4).Select(attempts => QueueBackOff.After(attempts, settings)).ShouldBe(
            [TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(3), TimeSpan.FromMinutes(3)]);
    }

    [Fact]
    [Trait("Req", "AT-3")]
    [Trait("Req", "H-7")]
    public async Task A_task_whose_lease_is_lost_while_it_runs_is_stopped_and_its_result_is_not_written()
    {
        var store = await Db.OpenMigratedAsync();
        var handler = new ScriptedHandler();
        handler.Offered.Add(new NewTask(Queue, "A1", "A", "run", "{}", TempStateDatabase.Start.AddHours(-1)));
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        handler.Run = async (_, token) =>
        {
            started.SetResult();
            try
            {
                await Task.Delay(Timeout.Infinite, token);
            }
            catch (OperationCanceledException)
            {
                stopped.SetResult();
                throw;
            }

            return QueueTaskResult.Done();
        };
        await using var runner = Runner(store, handler, Settings(workers: 1));
        var run = runner.RunAsync(CancellationToken.None);
        await started.Task.WaitAsync(TimeSpan.FromMinutes(1)); // a guard against a hang, not a timing assertion

        // Another host took the task over (its claim raised the fencing token) while this one hung.
        await using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={((TempStateDatabase)Db).Path}"))
        {
            await connection.OpenAsync();
            await using var takeOver = connection.CreateCommand();
            takeOver.CommandText = "UPDATE tasks SET fencing_token = fencing_token + 1, worker = 'other-host' WHERE external_id = 'A1';";
            (await takeOver.ExecuteNonQueryAsync()).ShouldBe(1);
        }

        Db.Clock.Advance(TimeSpan.FromMinutes(5)); // the heartbeat's renewal, a third of the lease: refused
        await stopped.Task.WaitAsync(TimeSpan.FromMinutes(1));
        var result = await run;

        result.Summary.ShouldStartWith("1 tasks fetched (1 new), 0 done, 0 to retry, 0 failed");
        var a1 = (await store.Tasks.ListAsync(new TaskQuery(Queue), CancellationToken.None)).ShouldHaveSingleItem();
        a1.Status.ShouldBe(QueuedTaskStatus.Running, "the other host's lease is untouched");
        handler.Reports.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_result_that_stops_the_run_gives_every_claimed_task_back_without_instructions_or_reports()
    {
        var store = await Db.OpenMigratedAsync();
        var handler = new ScriptedHandler();
        for (var i = 0; i < 8; i++)
        {
            handler.Offered.Add(new NewTask(Queue, $"T{i}", $"D{i % 4}", "run", "{}", TempStateDatabase.Start.AddMinutes(-10 + i)));
        }

        handler.Run = (_, _) => Task.FromResult(QueueTaskResult.StopRun("The package refused the API key (HTTP 401). Check the apiKey setting."));
        await using var runner = Runner(store, handler, Settings(workers: 4));

        var result = await runner.RunAsync(CancellationToken.None);

        result.ShouldBe(SyncResult.Transient("The package refused the API key (HTTP 401). Check the apiKey setting."));
        (await store.Tasks.ListAsync(new TaskQuery(Queue), CancellationToken.None)).ShouldAllBe(t => t.Status == QueuedTaskStatus.Waiting);
        (await store.Instructions.ListAsync(openOnly: false, CancellationToken.None)).ShouldBeEmpty();
        handler.Reports.ShouldBeEmpty();
    }

    [Fact]
    [Trait("Req", "AT-2")]
    public async Task When_the_origin_cannot_be_reached_the_stored_tasks_still_run_and_when_it_refuses_the_key_nothing_runs()
    {
        var store = await Db.OpenMigratedAsync();
        var handler = new ScriptedHandler();
        handler.Offered.Add(new NewTask(Queue, "A1", "A", "run", "{}", TempStateDatabase.Start.AddHours(-1)));
        await using var runner = Runner(store, handler, Settings());
        handler.FetchFailure = new QueueOriginException("The platform refused the API key of office x.") { StopsRun = true };
        (await runner.RunAsync(CancellationToken.None)).ShouldBe(SyncResult.Transient("The platform refused the API key of office x."));
        (await store.Tasks.ListAsync(new TaskQuery(), CancellationToken.None)).ShouldBeEmpty();

        handler.FetchFailure = null;
        await store.Tasks.EnqueueManyAsync([.. handler.Offered], CancellationToken.None);
        handler.FetchFailure = new QueueOriginException("The platform could not be reached for new tasks: connection refused");

        var result = await runner.RunAsync(CancellationToken.None);

        result.Kind.ShouldBe(SyncResultKind.Transient);
        result.Summary.ShouldBe("The platform could not be reached for new tasks: connection refused; 0 tasks fetched (0 new), 1 done, 0 to retry, 0 failed with an instruction, 0 instruction mails");
    }

    [Fact]
    [Trait("Req", "H-7")]
    public async Task Under_a_pipeline_lease_another_host_took_over_the_run_claims_nothing_and_stops_with_the_lease_lost()
    {
        var store = await Db.OpenMigratedAsync();
        var other = await Db.OpenMigratedAsync();
        var handler = new ScriptedHandler();
        await store.Tasks.EnqueueManyAsync([new NewTask(Queue, "A1", "A", "run", "{}", TempStateDatabase.Start.AddHours(-1))], CancellationToken.None);
        var leaseTime = TimeSpan.FromSeconds(30);
        var stale = (await store.Leases.TryAcquireAsync(Queue, "host-a/1/aa", leaseTime, null, CancellationToken.None)).Lease!;
        Db.Clock.Advance(leaseTime + TimeSpan.FromSeconds(1)); // this host hung longer than its lease; b takes over
        (await other.Leases.TryAcquireAsync(Queue, "host-b/2/bb", leaseTime, null, CancellationToken.None)).Lease.ShouldNotBeNull();
        await using var runner = Runner(store, handler, Settings(workers: 4));

        using (WriteFence.Enter(new WriteFence(stale)))
        {
            await Should.ThrowAsync<LeaseLostException>(() => runner.RunAsync(CancellationToken.None));
        }

        handler.Runs.ShouldBeEmpty();
        (await store.Tasks.ListAsync(new TaskQuery(Queue), CancellationToken.None)).ShouldHaveSingleItem().Status.ShouldBe(QueuedTaskStatus.Waiting);
    }

    [Fact]
    public void A_queue_component_whose_settings_do_not_derive_from_QueueSettings_is_refused_naming_it()
    {
        var refused = Should.Throw<InvalidOperationException>(() => new WrongQueueFactory());

        refused.Message.ShouldBe("The settings of queue component acme.queue (WrongSettings) must derive from QueueSettings: the host's queue runner reads its workers, back-off, lease and mail settings there.");
    }

    protected override Task<IStateTestDatabase> CreateDatabaseAsync() => Task.FromResult<IStateTestDatabase>(new TempStateDatabase());

    internal sealed class WrongSettings
    {
        public int Workers { get; set; }
    }

    internal sealed class WrongQueueFactory() : Abstractions.Plugins.ComponentFactory<IQueueTaskHandler, WrongSettings>("acme.queue", "A queue.")
    {
        public override IQueueTaskHandler Create(WrongSettings settings, Abstractions.Plugins.IComponentContext context) => new ScriptedHandler();
    }
}

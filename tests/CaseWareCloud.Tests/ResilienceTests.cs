using ConnectorHost.Abstractions.Commands;
using ConnectorHost.Abstractions.Sync;
using ConnectorHost.Sandbox;
using ConnectorHost.Sandbox.CaseWareCloud;
using ConnectorHost.State.Sqlite;

namespace ConnectorHost.Plugins.CaseWareCloud.Tests;

public sealed class ResilienceTests
{
    private static TestClient[] Clients(int count, int contactsEach = 1) =>
        Enumerable.Range(1, count).Select(i => new TestClient($"{1000 + i}", $"Client {i} BV")
        {
            Contacts = Enumerable.Range(1, contactsEach).Select(j => new TestContact($"{i}-{j}", $"contact{j}@client{i}.nl", $"Contact{j}")).ToList(),
        }).ToArray();

    [Fact]
    public async Task A_token_that_expires_mid_run_is_renewed_once_and_the_run_goes_on()
    {
        await using var world = await CaseWareWorld.StartAsync();
        world.WriteExport(Clients(5));
        // The first API call gets a 429; while the task waits, 31 minutes pass: its token has expired when it goes on.
        world.OnWait = _ => world.Clock.Advance(TimeSpan.FromMinutes(31));
        world.Sandbox.Faults.Configure(new FaultSettings { TooManyRequests = new FaultRule { NextCalls = 1 } });

        var report = await world.SyncAsync();

        report.ClientsCreated.ShouldBe(5);
        report.ContactsCreated.ShouldBe(5);
        world.Sandbox.State.Calls["POST /auth/token"].ShouldBe(2, "one token at the start, one after the 401");
        world.Sandbox.State.Calls.Keys.ShouldContain("POST /entities");
        world.Logs.GetSnapshot().ShouldContain(e => e.Message.Contains("token expired", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_token_older_than_30_minutes_is_refused_by_the_sandbox_and_renewed_by_the_next_run()
    {
        await using var world = await CaseWareWorld.StartAsync();
        world.WriteExport(Clients(1));
        using var task = world.Task();
        await task.SyncAsync(CancellationToken.None);

        world.Clock.Advance(TimeSpan.FromMinutes(30));
        world.WriteExport(Clients(2));
        var report = await task.SyncAsync(CancellationToken.None);

        report.ClientsCreated.ShouldBe(1);
        world.Sandbox.State.Calls["POST /auth/token"].ShouldBe(2);
    }

    [Fact]
    public async Task Too_many_requests_waits_the_Retry_After_and_loses_nothing()
    {
        await using var world = await CaseWareWorld.StartAsync();
        world.WriteExport(Clients(3));
        world.Sandbox.Faults.Configure(new FaultSettings { TooManyRequests = new FaultRule { NextCalls = 3 }, RetryAfterSeconds = 7 });

        var report = await world.SyncAsync();

        // Clients run side by side (OF-1): a 429 pauses every call in flight, so calls that were already waiting wait
        // what is left of the pause. Each 429 is waited out in full once; no wait is longer than Retry-After.
        var waits = world.Waits.ToList();
        waits.Count(w => w == TimeSpan.FromSeconds(7)).ShouldBeGreaterThanOrEqualTo(1);
        waits.Count.ShouldBeGreaterThanOrEqualTo(3);
        waits.ShouldAllBe(w => w > TimeSpan.FromSeconds(6) && w <= TimeSpan.FromSeconds(7));
        report.ClientsCreated.ShouldBe(3);
        report.ContactsCreated.ShouldBe(3);
        world.Sandbox.State.Entities.Count.ShouldBe(3);
        world.Logs.GetSnapshot().Count(e => e.Message.Contains("too many requests (429)", StringComparison.Ordinal)).ShouldBe(3);
    }

    [Fact]
    public async Task A_Retry_After_longer_than_allowed_ends_the_run_as_a_passing_failure()
    {
        await using var world = await CaseWareWorld.StartAsync();
        world.WriteExport(Clients(1));
        world.Sandbox.Faults.Configure(new FaultSettings { TooManyRequests = new FaultRule { NextCalls = 1 }, RetryAfterSeconds = 600 });
        using var task = world.Task();

        var result = await task.RunAsync(CancellationToken.None);

        result.Kind.ShouldBe(SyncResultKind.Transient);
        result.Summary.ShouldContain("maxRetryAfter");
    }

    [Fact]
    public async Task Server_errors_are_retried_with_back_off()
    {
        await using var world = await CaseWareWorld.StartAsync();
        world.WriteExport(Clients(1)); // one client: its call gets both 500s (clients run side by side, each would get one)
        world.Sandbox.Faults.Configure(new FaultSettings { Http500 = new FaultRule { NextCalls = 2 } });

        var report = await world.SyncAsync();

        report.ClientsCreated.ShouldBe(1);
        report.ContactsCreated.ShouldBe(1);
        world.Waits.ToList().ShouldBe([TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2)], "doubling from firstRetryDelay");
        world.Sandbox.State.Entities.Count.ShouldBe(1);
    }

    [Fact]
    public async Task With_one_attempt_a_server_error_is_not_tried_again()
    {
        await using var world = await CaseWareWorld.StartAsync();
        world.WriteExport(Clients(1));
        world.Sandbox.Faults.Configure(new FaultSettings { Http500 = new FaultRule { NextCalls = 1 } });
        using var task = world.Task(s => s.CaseWareCloud!.MaxAttempts = 1);

        var result = await task.RunAsync(CancellationToken.None);

        result.Kind.ShouldBe(SyncResultKind.Transient);
        result.Summary.ShouldContain("1 times");
        world.Waits.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_create_answered_503_after_it_was_carried_out_is_looked_up_not_repeated()
    {
        await using var world = await CaseWareWorld.StartAsync();
        world.WriteExport(Clients(1)); // one client: the first write is its create (clients run side by side)
        world.Sandbox.Faults.Configure(new FaultSettings { Http503AfterWrite = new FaultRule { NextCalls = 1 } });

        var report = await world.SyncAsync();

        world.Logs.GetSnapshot().ShouldContain(e => e.Message.Contains("Could not send client 1001 (Client 1 BV): Could not create entity 1001: CaseWare Cloud answered 503", StringComparison.Ordinal)
            && e.Message.Contains("It may have been carried out; looking it up before trying again", StringComparison.Ordinal));
        world.Sandbox.State.Calls["POST /entities"].ShouldBe(1, "1001 is not posted again: the look-up finds it");
        world.Sandbox.State.Entities.Select(e => e.EntityNo).ShouldBe(["1001"]);
        world.Sandbox.State.Contacts.Count.ShouldBe(1);
        report.ClientsMatched.ShouldBe(1, "1001, created without the task knowing, is found by its client number");
        report.ClientsCreated.ShouldBe(0);
        (await world.ClientRecordAsync("1001"))!.CwId.ShouldBe(world.EntityOf("1001").Id);
    }

    [Fact]
    public async Task CaseWare_Cloud_down_ends_the_run_as_a_passing_failure_and_the_next_run_resumes()
    {
        await using var world = await CaseWareWorld.StartAsync();
        world.WriteExport(Clients(3));
        world.Sandbox.Faults.Configure(new FaultSettings { Http500 = new FaultRule { Share = 1 } });
        using var task = world.Task(s => s.CaseWareCloud!.MaxAttempts = 3);

        var down = await task.RunAsync(CancellationToken.None);
        world.Sandbox.Faults.Configure(FaultSettings.None);
        var up = await task.RunAsync(CancellationToken.None);

        down.Kind.ShouldBe(SyncResultKind.Transient);
        down.Summary.ShouldContain("3 times");
        up.Kind.ShouldBe(SyncResultKind.Success);
        world.Sandbox.State.Entities.Count.ShouldBe(3);
    }

    [Fact]
    public async Task A_record_CaseWare_Cloud_rejects_is_reported_with_its_reason_and_does_not_stop_the_rest()
    {
        await using var world = await CaseWareWorld.StartAsync();
        world.WriteExport(
            new TestClient("1001", new string('X', 120)) { Contacts = [new TestContact("5001", "jan@x.nl")] },
            new TestClient("1002") { Contacts = [new TestContact("5002", "piet@jansen.nl", "Piet", ""), new TestContact("5003", "kees@jansen.nl", "Kees")] },
            new TestClient("1003", "Derde BV"));
        using var task = world.Task();

        var result = await task.RunAsync(CancellationToken.None);

        result.Kind.ShouldBe(SyncResultKind.Success);
        world.Sandbox.State.Entities.Select(e => e.EntityNo).Order().ShouldBe(["1002", "1003"]);
        world.Sandbox.State.Contacts.Select(c => c.Email).ShouldBe(["kees@jansen.nl"]);
        var clients = (await CaseWareWorld.CommandAsync(task, "clients")).Tables[0].Rows.ToDictionary(r => r.Cells[0]);
        clients["1001"].Cells[2].ShouldBe("rejected");
        clients["1001"].Cells[4].ShouldContain("Name is longer than 100 characters");
        clients["1001"].Mark.ShouldBe(RowMark.Error);
        var contacts = (await CaseWareWorld.CommandAsync(task, "contacts")).Tables[0].Rows.ToDictionary(r => r.Cells[1]);
        contacts["5002"].Cells[5].ShouldContain("LastName is required", customMessage: "an invalid e-mail never reaches CaseWare Cloud now (CW-8); a missing last name is refused there");
        contacts["5002"].Mark.ShouldBe(RowMark.Error);
        contacts["5001"].Cells[5].ShouldContain("CaseWare Cloud refused it");
        world.Logs.GetSnapshot().ShouldContain(e => e.Message.Contains("was refused by CaseWare Cloud", StringComparison.Ordinal) && e.Message.Contains("Correct", StringComparison.Ordinal));

        world.Sandbox.State.ResetCalls();
        await task.SyncAsync(CancellationToken.None);
        world.Sandbox.State.WriteCalls.ShouldBe(0, "a rejected record is tried again only when it changes");
    }

    [Fact]
    public async Task Wrong_credentials_stop_the_run_with_an_instruction_naming_the_settings()
    {
        await using var world = await CaseWareWorld.StartAsync();
        world.WriteExport(Clients(1));
        using var task = world.Task(s => s.CaseWareCloud!.ClientSecret = "wrong");

        var result = await task.RunAsync(CancellationToken.None);

        result.Kind.ShouldBe(SyncResultKind.NeedsInstruction);
        result.Instruction!.Text.ShouldContain("caseWareCloud.clientSecret");
        result.Instruction.Text.ShouldNotContain("wrong");
        world.Sandbox.State.Entities.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_rerun_after_a_crash_that_lost_the_state_creates_no_duplicates()
    {
        await using var world = await CaseWareWorld.StartAsync();
        world.WriteExport(Clients(60, contactsEach: 2));
        await world.SyncAsync();

        // The crash: CaseWare Cloud took everything, the state store never heard of it (a fresh, empty store).
        var fresh = new SqliteStateStore(Path.Combine(world.Root, "fresh.db"), world.Clock);
        await fresh.MigrateAsync(CancellationToken.None);
        world.Sandbox.State.ResetCalls();
        using var task = CaseWareCloudSyncFactory.CreateTask(world.Settings(), new TestComponentContext(fresh, world.Clock, "casewarecloud-test", world.Root, logs: world.Logs));
        var report = await task.SyncAsync(CancellationToken.None);

        world.Sandbox.State.Entities.Count.ShouldBe(60);
        world.Sandbox.State.Contacts.Count.ShouldBe(120);
        report.ClientsMatched.ShouldBe(60);
        report.ContactsMatched.ShouldBe(120);
        world.Sandbox.State.WriteCalls.ShouldBe(0, "what CaseWare Cloud has equals AuditCase: matched without a write");
    }

    [Fact]
    public async Task A_run_cancelled_halfway_keeps_what_was_sent_and_the_next_run_finishes_without_duplicates()
    {
        await using var world = await CaseWareWorld.StartAsync();
        world.WriteExport(Clients(20));
        using var cancel = new CancellationTokenSource();
        world.Sandbox.Faults.Configure(new FaultSettings { Http500 = new FaultRule { Share = 0.2 }, Seed = 7 });
        world.OnWait = _ =>
        {
            if (world.Sandbox.State.Entities.Count >= 8)
            {
                cancel.Cancel();
            }
        };
        using (var task = world.Task())
        {
            await Should.ThrowAsync<OperationCanceledException>(() => task.SyncAsync(cancel.Token));
        }

        world.Sandbox.Faults.Configure(FaultSettings.None);
        world.OnWait = null;
        var report = await world.SyncAsync();

        world.Sandbox.State.Entities.Count.ShouldBe(20);
        world.Sandbox.State.Contacts.Count.ShouldBe(20);
        report.ClientsCreated.ShouldBeLessThan(20);
    }
}

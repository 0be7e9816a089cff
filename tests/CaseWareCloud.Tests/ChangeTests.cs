using ConnectorHost.Abstractions.Sync;
using ConnectorHost.Sandbox;

namespace ConnectorHost.Plugins.CaseWareCloud.Tests;

public sealed class ChangeTests
{
    private static List<TestClient> Clients(int count) =>
        Enumerable.Range(1, count).Select(i => new TestClient($"{1000 + i}", $"Client {i} BV")
        {
            Contacts = [new TestContact($"{i}-1", $"a@client{i}.nl", "Anna"), new TestContact($"{i}-2", $"b@client{i}.nl", "Bert")],
        }).ToList();

    [Fact]
    [Trait("Req", "CW-3")]
    public async Task A_second_run_without_changes_makes_no_write_calls()
    {
        await using var world = await CaseWareWorld.StartAsync();
        world.WriteExport(Clients(100));
        var first = await world.SyncAsync();
        first.ClientsCreated.ShouldBe(100);
        first.ContactsCreated.ShouldBe(200);

        // The export is written again (its bytes differ: a line added at the end), its records are not: each record
        // is compared with what was sent, and nothing is sent.
        File.AppendAllText(world.ExportPath, Environment.NewLine);
        world.Sandbox.State.ResetCalls();
        var second = await world.SyncAsync();

        world.Sandbox.State.WriteCalls.ShouldBe(0);
        second.UnchangedSince.ShouldBeNull();
        second.WriteCalls.ShouldBe(0);
        second.ClientsUnchanged.ShouldBe(100);
        second.ContactsUnchanged.ShouldBe(200);
        world.Sandbox.State.TotalCalls.ShouldBe(0, "nothing to send, so not even a token is needed");
    }

    [Fact]
    [Trait("Req", "CW-3")]
    [Trait("Req", "OF-2")]
    public async Task An_export_unchanged_since_a_complete_run_is_not_read_again_and_the_summary_names_that_run()
    {
        await using var world = await CaseWareWorld.StartAsync();
        world.WriteExport(Clients(20));
        var first = await world.SyncAsync();
        first.ClientsCreated.ShouldBe(20);

        world.Sandbox.State.ResetCalls();
        var second = await world.SyncAsync();

        second.UnchangedSince.ShouldNotBeNull().Summary.ShouldBe(first.Summary);
        second.Summary.ShouldStartWith("CaseWare Cloud: the AuditCase export is unchanged since the complete run of 2026-03-02 09:00:00 UTC; nothing to send. That run: CaseWare Cloud: clients 20 created");
        world.Sandbox.State.TotalCalls.ShouldBe(0);
        (second.ClientsUnchanged + second.ContactsUnchanged).ShouldBe(0, "the export was not read");

        // Other rules send other things: the same export under other settings is read and reconciled again.
        var other = await world.SyncAsync(s => s.PrivateKinds = ["Private", "Particulier", "Stichting"]);
        other.UnchangedSince.ShouldBeNull();
        other.ClientsUnchanged.ShouldBe(20);
    }

    [Fact]
    [Trait("Req", "CW-3")]
    [Trait("Req", "OF-2")]
    public async Task A_run_stopped_half_way_is_not_taken_for_a_complete_one_even_when_the_export_goes_back_to_the_last_complete_one()
    {
        await using var world = await CaseWareWorld.StartAsync();
        world.WriteExport(Clients(5));
        await world.SyncAsync();
        var changed = Clients(5);
        changed[2] = changed[2] with { Name = "Client 3 Holding BV" };
        world.WriteExport(changed);

        // A run of the changed export stops (CaseWare Cloud down); a run stopped later could have sent part of it.
        world.Sandbox.Faults.Configure(new FaultSettings { Http500 = new FaultRule { Share = 1 } });
        using (var task = world.Task(s => s.CaseWareCloud!.MaxAttempts = 2))
        {
            (await task.RunAsync(CancellationToken.None)).Kind.ShouldBe(SyncResultKind.Transient);
        }

        // The export goes back to the one of the last complete run: the records are no longer known to match it.
        world.Sandbox.Faults.Configure(FaultSettings.None);
        world.WriteExport(Clients(5));
        var next = await world.SyncAsync();

        next.UnchangedSince.ShouldBeNull("the run that stopped may have sent part of another export");
        next.ClientsUnchanged.ShouldBe(5);
        world.EntityOf("1003").Name.ShouldBe("Client 3 BV");
        (await world.SyncAsync()).UnchangedSince.ShouldNotBeNull("complete again");
    }

    [Fact]
    public async Task Long_runs_log_progress_lines()
    {
        await using var world = await CaseWareWorld.StartAsync();
        world.WriteExport(Clients(30));

        await world.SyncAsync(s => s.ProgressEvery = 10);

        world.Logs.GetSnapshot().Count(e => e.Message.StartsWith("Progress: ", StringComparison.Ordinal) && e.Message.Contains("of 30 clients", StringComparison.Ordinal)).ShouldBe(3);
        world.Logs.GetSnapshot().Count(e => e.Message.StartsWith("Progress: ", StringComparison.Ordinal) && e.Message.Contains("of 60 contact persons", StringComparison.Ordinal)).ShouldBe(6);
    }
}

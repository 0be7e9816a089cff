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

        world.Sandbox.State.ResetCalls();
        var second = await world.SyncAsync();

        world.Sandbox.State.WriteCalls.ShouldBe(0);
        second.WriteCalls.ShouldBe(0);
        second.ClientsUnchanged.ShouldBe(100);
        second.ContactsUnchanged.ShouldBe(200);
        world.Sandbox.State.TotalCalls.ShouldBe(0, "nothing to send, so not even a token is needed");
    }

    [Fact]
    [Trait("Req", "CW-3")]
    public async Task After_one_percent_changed_only_the_changed_records_are_sent()
    {
        await using var world = await CaseWareWorld.StartAsync();
        var clients = Clients(200);
        world.WriteExport(clients);
        await world.SyncAsync();

        clients[10] = clients[10] with { Phone = "010-0000000" };
        clients[150] = clients[150] with { Name = "Client 151 Holding BV" };
        clients[77] = clients[77] with { Contacts = [clients[77].Contacts[0] with { LastName = "Jansen" }, clients[77].Contacts[1]] };
        clients[99] = clients[99] with { Contacts = [clients[99].Contacts[0], clients[99].Contacts[1] with { Email = "bert.new@client100.nl" }] };
        world.WriteExport(clients);
        world.Sandbox.State.ResetCalls();
        var report = await world.SyncAsync();

        report.ClientsUpdated.ShouldBe(2);
        report.ContactsUpdated.ShouldBe(2);
        world.Sandbox.State.WriteCalls.ShouldBe(4);
        world.Sandbox.State.Calls.Where(c => !c.Key.StartsWith("GET", StringComparison.Ordinal) && !c.Key.EndsWith("token", StringComparison.Ordinal))
            .ShouldAllBe(c => c.Key == "PUT /entities/{id}" || c.Key == "PUT /contacts/{id}");
        world.EntityOf("1011").Phone.ShouldBe("010-0000000");
        world.ContactOf("bert.new@client100.nl").FirstName.ShouldBe("Bert");
        world.Sandbox.State.Contacts.Count.ShouldBe(400);
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

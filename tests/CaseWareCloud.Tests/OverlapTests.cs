using ConnectorHost.Sandbox;

namespace ConnectorHost.Plugins.CaseWareCloud.Tests;

/// <summary>OF-1: the sync overlaps its calls up to the pipeline's maxInFlight, and a 429 slows all of them.</summary>
public sealed class OverlapTests
{
    private static TestClient[] Clients(int count) =>
        Enumerable.Range(1, count).Select(i => new TestClient($"{3000 + i}", $"Client {i} BV")
        {
            Contacts = [new TestContact($"{i}-1", $"a@client{i}.nl", "Anna"), new TestContact($"{i}-2", $"b@client{i}.nl", "Bram")],
        }).ToArray();

    [Fact]
    [Trait("Req", "OF-1")]
    public async Task Clients_are_sent_side_by_side_up_to_maxInFlight_each_entity_before_its_contacts_and_each_once()
    {
        await using var world = await CaseWareWorld.StartAsync();
        var clients = Clients(40);
        world.WriteExport(clients);
        world.Sandbox.Faults.Configure(new FaultSettings { LatencyMs = 20 });

        var report = await world.SyncAsync();

        var peak = world.Sandbox.Faults.Status().PeakInFlight;
        peak.ShouldBeGreaterThan(1, "calls overlap");
        peak.ShouldBeLessThanOrEqualTo(world.Context.MaxInFlight, "never more than maxInFlight at once");
        (report.ClientsCreated, report.ContactsCreated).ShouldBe((40, 80));
        world.Sandbox.State.Entities.Select(e => e.EntityNo).Order().ShouldBe(clients.Select(c => c.ClientNumber).Order(), "each client once");
        world.Sandbox.State.Contacts.Select(c => c.Email).Order().ShouldBe(clients.SelectMany(c => c.Contacts).Select(c => c.Email).Order(), "each contact once");
        foreach (var contact in world.Sandbox.State.Contacts)
        {
            var entity = world.Sandbox.State.Entities.Where(e => e.Id == contact.EntityId).ShouldHaveSingleItem($"the entity of {contact.Email} exists");
            contact.Email.ShouldEndWith($"@client{int.Parse(entity.EntityNo, System.Globalization.CultureInfo.InvariantCulture) - 3000}.nl");
        }
    }

    [Fact]
    [Trait("Req", "OF-1")]
    public async Task A_429_holds_back_every_call_of_the_pipeline_for_its_Retry_After_not_only_the_one_that_got_it()
    {
        await using var world = await CaseWareWorld.StartAsync();
        world.WriteExport(Clients(40));
        world.Sandbox.Faults.Configure(new FaultSettings { LatencyMs = 20, TooManyRequests = FaultRule.Next(1), RetryAfterSeconds = 1 });
        // On the real clock: the pause is a real second, in which the other lanes come to the gate.
        using var task = CaseWareCloudSyncFactory.CreateTask(world.Settings(), world.Context);

        await task.SyncAsync(CancellationToken.None);

        task.Client.Gate.HeldBack.ShouldBeGreaterThan(0, "calls of other clients waited for the Retry-After one call got");
        world.Sandbox.Faults.Status().Injected["tooManyRequests"].ShouldBe(1);
        world.Sandbox.State.Entities.Count.ShouldBe(40);
        world.Sandbox.State.Contacts.Count.ShouldBe(80);
    }
}

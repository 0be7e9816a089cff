using ConnectorHost.Sandbox;

namespace ConnectorHost.Plugins.CaseWareCloud.Tests;

/// <summary>
/// OF-3: the sync against a sandbox CaseWare Cloud that injects each kind of fault, "done but the answer lost"
/// among them: every client and contact ends up in CaseWare Cloud exactly once.
/// </summary>
public sealed class FaultToleranceTests
{
    private static readonly Dictionary<string, FaultSettings> FaultKinds = new(StringComparer.Ordinal)
    {
        ["latency"] = new() { LatencyMs = 5, JitterMs = 20 },
        ["http500"] = new() { Http500 = FaultRule.OfShare(0.15) },
        ["http503"] = new() { Http503 = FaultRule.OfShare(0.15) },
        ["tooManyRequests"] = new() { TooManyRequests = FaultRule.OfShare(0.15) },
        ["dropConnection"] = new() { DropConnection = FaultRule.OfShare(0.15) },
        ["slowBody"] = new() { SlowBody = FaultRule.OfShare(0.3), SlowBodyMs = 80 },
        ["answerLost"] = new() { AnswerLost = FaultRule.OfShare(0.15) },
        ["http503AfterWrite"] = new() { Http503AfterWrite = FaultRule.OfShare(0.15) },
    };

    public static TheoryData<string> Faults() => [.. FaultKinds.Keys];

    [Theory]
    [Trait("Req", "OF-3")]
    [MemberData(nameof(Faults))]
    public async Task Every_client_and_contact_arrives_exactly_once_through_each_injected_fault(string fault)
    {
        await using var world = await CaseWareWorld.StartAsync();
        var clients = Enumerable.Range(1, 12).Select(i => new TestClient($"{2000 + i}", $"Client {i} BV")
        {
            Contacts = [new TestContact($"{i}-1", $"a@client{i}.nl", "Anna"), new TestContact($"{i}-2", $"b@client{i}.nl", "Bram")],
        }).ToArray();
        world.WriteExport(clients);
        world.Sandbox.Faults.Configure(FaultKinds[fault] with { Seed = 26 });

        // A passing failure ends a run; the scheduler starts the next. Five runs are plenty at these shares.
        for (var run = 0; run < 5 && (world.Sandbox.State.Entities.Count < 12 || world.Sandbox.State.Contacts.Count < 24); run++)
        {
            await world.SyncAsync();
        }

        world.Sandbox.Faults.Status().Injected.GetValueOrDefault(fault).ShouldBeGreaterThan(0, $"the sandbox injected {fault}");
        world.Sandbox.Faults.Configure(FaultSettings.None);
        var report = await world.SyncAsync();
        world.Sandbox.State.Entities.Select(e => e.EntityNo).Order().ShouldBe(clients.Select(c => c.ClientNumber).Order(), "each client once");
        world.Sandbox.State.Contacts.Select(c => c.Email).Order().ShouldBe(clients.SelectMany(c => c.Contacts).Select(c => c.Email).Order(), "each contact once");
        (report.ClientsCreated, report.ContactsCreated).ShouldBe((0, 0), "a calm run afterwards has nothing left to create");
    }
}

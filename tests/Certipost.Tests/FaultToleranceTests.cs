using ConnectorHost.Abstractions.Sync;
using ConnectorHost.Sandbox;
using Xunit.Abstractions;

namespace ConnectorHost.Plugins.Certipost.Tests;

/// <summary>
/// OF-3: sending and the daily list against a sandbox Certipost that injects each kind of fault, "done but the answer
/// lost" among them, on the first call of each: every relation is enrolled once, gets one welcome mail, and is confirmed.
/// </summary>
public sealed class FaultToleranceTests(ITestOutputHelper output)
{
    private const string Office = "anna@kantoor.be";

    private static readonly Dictionary<string, FaultSettings> FaultKinds = new(StringComparer.Ordinal)
    {
        ["latency"] = new() { LatencyMs = 5, JitterMs = 20 },
        ["http500"] = new() { Http500 = FaultRule.Next(1) },
        ["http503"] = new() { Http503 = FaultRule.Next(1) },
        ["tooManyRequests"] = new() { TooManyRequests = FaultRule.Next(1), RetryAfterSeconds = 0 },
        ["dropConnection"] = new() { DropConnection = FaultRule.Next(1) },
        ["slowBody"] = new() { SlowBody = FaultRule.Next(1), SlowBodyMs = 80 },
        ["answerLost"] = new() { AnswerLost = FaultRule.Next(1) },
        ["http503AfterWrite"] = new() { Http503AfterWrite = FaultRule.Next(1) },
    };

    public static TheoryData<string> Faults() => [.. FaultKinds.Keys];

    [Theory]
    [Trait("Req", "OF-3")]
    [MemberData(nameof(Faults))]
    public async Task Every_relation_is_enrolled_mailed_and_confirmed_once_through_each_injected_fault(string fault)
    {
        await using var world = await CertipostWorld.StartAsync();
        string[] numbers = ["6001", "6002", "6003", "6004"];
        world.WriteCsv(numbers.Select(n => Rows.Row(n)));
        using var enrol = world.Enrol();
        world.Sandbox.Faults.Configure(FaultKinds[fault] with { Seed = 26 });

        for (var attempt = 0; attempt < 3; attempt++)
        {
            try
            {
                await enrol.Enrolment.SendAsync(Office, CancellationToken.None);
                break;
            }
            catch (CertipostUnavailableException e)
            {
                output.WriteLine($"send {attempt}: {e.Message}");
            }
        }

        var injected = world.Sandbox.Faults.Status().Injected.GetValueOrDefault(fault);
        world.Sandbox.Faults.Configure(FaultKinds[fault] with { Seed = 27 });
        using var daily = world.Daily();
        world.Clock.Advance(TimeSpan.FromDays(2));
        for (var run = 0; run < 3; run++)
        {
            var result = await daily.RunAsync(CancellationToken.None);
            output.WriteLine($"daily {run}: {result.Kind} {result.Summary}");
            if (result.Kind == SyncResultKind.Success)
            {
                break;
            }
        }

        var expected = fault == "http503AfterWrite" ? 1 : 2; // the daily list is a read
        (injected + world.Sandbox.Faults.Status().Injected.GetValueOrDefault(fault)).ShouldBe(expected, $"the sandbox injected {fault} into the send and the daily list");
        world.Sandbox.State.Accounts.Select(a => a.CustomerReference).Order().ToArray().ShouldBe(numbers, "each relation enrolled once");
        world.Sandbox.State.Mails.Select(m => m.CustomerReference).Order().ToArray().ShouldBe(numbers, "one welcome mail each");
        foreach (var number in numbers)
        {
            (await world.StatusAsync(number)).ShouldBe(RelationStatus.Confirmed, $"relation {number}");
        }
    }
}

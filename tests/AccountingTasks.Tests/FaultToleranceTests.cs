using ConnectorHost.Sandbox;
using ConnectorHost.Sandbox.AccountingPlatform;
using Xunit.Abstractions;

namespace ConnectorHost.Plugins.AccountingTasks.Tests;

/// <summary>
/// OF-3: the task queue against a sandbox platform that injects each kind of fault into the fetch, the package runs
/// and the reports, "done but the answer lost" among them: every task is carried out once (a repeat is answered by the
/// task id, the package's idempotency key), in per-dossier order, and reported done.
/// </summary>
public sealed class FaultToleranceTests(ITestOutputHelper output)
{
    private static readonly Dictionary<string, FaultSettings> FaultKinds = new(StringComparer.Ordinal)
    {
        ["latency"] = new() { LatencyMs = 2, JitterMs = 10 },
        ["http500"] = new() { Http500 = FaultRule.OfShare(0.15) },
        ["http503"] = new() { Http503 = FaultRule.OfShare(0.15) },
        ["tooManyRequests"] = new() { TooManyRequests = FaultRule.OfShare(0.15), RetryAfterSeconds = 0 },
        ["dropConnection"] = new() { DropConnection = FaultRule.OfShare(0.15) },
        ["slowBody"] = new() { SlowBody = FaultRule.OfShare(0.3), SlowBodyMs = 40 },
        ["answerLost"] = new() { AnswerLost = FaultRule.OfShare(0.15) },
        ["http503AfterWrite"] = new() { Http503AfterWrite = FaultRule.OfShare(0.15) },
    };

    public static TheoryData<string> Faults() => [.. FaultKinds.Keys];

    [Theory]
    [Trait("Req", "OF-3")]
    [MemberData(nameof(Faults))]
    public async Task Every_task_is_carried_out_once_in_dossier_order_and_reported_through_each_injected_fault(string fault)
    {
        await using var kit = await TestKit.StartAsync();
        var delivered = new List<(string Id, string Dossier)>();
        for (var i = 0; i < 16; i++)
        {
            var (id, dossier) = ($"F{i:00}", $"D{i % 4}");
            kit.Deliver(id, TaskKinds.SynchroniseDossier, dossier, "{}", i);
            delivered.Add((id, dossier));
        }

        kit.Platform.Faults.Configure(FaultKinds[fault] with { Seed = 26 });
        var connector = kit.Connector(kit.Settings(workers: 4));

        // A passing failure waits for its retry (a minute, then longer); the clock moves on between polls.
        for (var poll = 0; poll < 12 && kit.Sandbox.Pending(TestKit.Office).Count > 0; poll++)
        {
            var result = await connector.RunAsync(CancellationToken.None);
            output.WriteLine($"poll {poll}: {result.Kind} {result.Summary}");
            kit.Clock.Advance(TimeSpan.FromMinutes(5));
        }

        kit.Platform.Faults.Status().Injected.GetValueOrDefault(fault).ShouldBeGreaterThan(0, $"the sandbox injected {fault}");
        kit.Sandbox.Pending(TestKit.Office).ShouldBeEmpty("every task reported");
        kit.Sandbox.Tasks(TestKit.Office).Select(t => t.Result?.Status).ShouldAllBe(s => s == "done");
        var carriedOut = kit.Sandbox.Runs.Where(r => !r.Repeat && r.Cause is null).ToList();
        carriedOut.Select(r => r.TaskId).Order().ToArray().ShouldBe(delivered.Select(d => d.Id).ToArray(), "each task carried out once");
        foreach (var dossier in delivered.Select(d => d.Dossier).Distinct())
        {
            carriedOut.Where(r => r.Dossier == dossier).Select(r => r.TaskId).ShouldBe(delivered.Where(d => d.Dossier == dossier).Select(d => d.Id), $"dossier {dossier} in order of delivery");
        }

        kit.Sandbox.OverlappingRunsPerDossier.ShouldBe(0);
    }
}

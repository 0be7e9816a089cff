using ConnectorHost.Sandbox;
using ConnectorHost.State;
using Microsoft.Extensions.Time.Testing;
using Xunit.Abstractions;

namespace ConnectorHost.Plugins.ClientOnline.Tests.Pipeline;

/// <summary>
/// OF-3: the ClientOnline pipeline (submissions and status polls) against a sandbox portal that injects each kind of
/// fault, "done but the answer lost" among them: every document is submitted once and lands once in Goedgekeurd.
/// </summary>
public sealed class FaultToleranceTests(ITestOutputHelper output)
{
    private static readonly Dictionary<string, FaultSettings> FaultKinds = new(StringComparer.Ordinal)
    {
        ["latency"] = new() { LatencyMs = 2, JitterMs = 10 },
        ["http500"] = new() { Http500 = FaultRule.OfShare(0.2) },
        ["http503"] = new() { Http503 = FaultRule.OfShare(0.2) },
        ["tooManyRequests"] = new() { TooManyRequests = FaultRule.OfShare(0.2), RetryAfterSeconds = 0 },
        ["dropConnection"] = new() { DropConnection = FaultRule.OfShare(0.2) },
        ["slowBody"] = new() { SlowBody = FaultRule.OfShare(0.3), SlowBodyMs = 40 },
        ["answerLost"] = new() { AnswerLost = FaultRule.OfShare(0.2) },
        ["soapFault"] = new() { SoapFault = FaultRule.OfShare(0.2) },
    };

    public static TheoryData<string> Faults() => [.. FaultKinds.Keys];

    [Theory]
    [Trait("Req", "OF-3")]
    [MemberData(nameof(Faults))]
    public async Task Every_document_is_submitted_once_and_filed_once_through_each_injected_fault(string fault)
    {
        await using var h = await ClientOnlineHarness.StartAsync();
        var clock = (FakeTimeProvider)h.PipelineClock;
        var names = Enumerable.Range(1, 8).Select(i => $"12345678_stuk{i}.pdf").ToArray();
        foreach (var name in names)
        {
            h.DropPdf(name, body: name);
        }

        await h.SetFaultsAsync(FaultKinds[fault] with { Seed = 26 });
        var runner = h.Runner();

        // A failed send waits for its back-off (30 s, doubling); the clock moves past it between runs.
        for (var run = 0; run < 10 && !await AllPendingAsync(h, names.Length); run++)
        {
            var (outcome, _) = await runner.RunOnceAsync(CancellationToken.None);
            output.WriteLine($"send run {run}: {outcome}");
            clock.Advance(TimeSpan.FromMinutes(31));
        }

        var submissions = await h.SubmissionsAsync();
        submissions.Select(s => s.FileName).Order(StringComparer.Ordinal).ToArray().ShouldBe(names, "each document submitted once");
        foreach (var submission in submissions)
        {
            await h.DecideAsync(submission.Reference, "approve");
        }

        for (var run = 0; run < 10 && ClientOnlineHarness.FilesIn(h.Approved).Length < names.Length; run++)
        {
            var (outcome, _) = await runner.RunOnceAsync(CancellationToken.None);
            output.WriteLine($"poll run {run}: {outcome}");
            clock.Advance(TimeSpan.FromMinutes(31));
        }

        h.Portal.Faults.Status().Injected.GetValueOrDefault(fault).ShouldBeGreaterThan(0, $"the sandbox injected {fault}");
        ClientOnlineHarness.FilesIn(h.Approved).ShouldBe(names, "each document filed once in Goedgekeurd");
        ClientOnlineHarness.FilesIn(h.PdfIn).ShouldBeEmpty();
        ClientOnlineHarness.FilesIn(h.Error).ShouldBeEmpty();
        (await h.SubmissionsAsync()).Count.ShouldBe(names.Length, "no document submitted again");
    }

    private static async Task<bool> AllPendingAsync(ClientOnlineHarness h, int documents)
    {
        var ledger = await h.LedgerAsync();
        return ledger.Count == documents && ledger.All(e => e.Status == LedgerStatus.Pending);
    }
}

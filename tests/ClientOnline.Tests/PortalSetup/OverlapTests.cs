using System.Net;
using ConnectorHost.Plugins.ClientOnline.Contracts.Beheer;
using ConnectorHost.Sandbox;
using static ConnectorHost.Plugins.ClientOnline.Tests.PortalSetup.ImportHarness;

namespace ConnectorHost.Plugins.ClientOnline.Tests.PortalSetup;

/// <summary>OF-1: the portal set-up import sets clients up side by side, up to maxInFlight, each client's chain in order.</summary>
public sealed class OverlapTests
{
    [Fact]
    [Trait("Req", "OF-1")]
    public async Task Clients_are_set_up_side_by_side_each_once_with_its_user_and_a_letter_whose_pin_the_portal_accepts()
    {
        await using var h = await ImportHarness.StartAsync();
        var kvks = Enumerable.Range(1, 24).Select(i => $"4{i:0000000}").ToArray();
        h.Write("clients.csv", PortalSetupTests.Header + "\n" + string.Join("\n", kvks.Select((k, i) => $"Klant {i} BV,{k},,Dorpsstraat {i},1234 AB,Utrecht,,,,,user{i},Persoon {i},,")));
        var task = h.Create(h.Settings());
        h.Portal.Faults.Configure(new FaultSettings { LatencyMs = 20 });

        var result = await RunAsync(task, "import");

        var peak = h.Portal.Faults.Status().PeakInFlight;
        peak.ShouldBeGreaterThan(1, "clients are set up side by side");
        peak.ShouldBeLessThanOrEqualTo(8, "never more calls at once than maxInFlight (8 by default)");
        var lines = Lines(result);
        lines.Keys.ShouldBe(Enumerable.Range(2, kvks.Length), "the report keeps the export's order");
        lines.Values.ShouldAllBe(l => l.Status == "Created");
        h.Portal.State.Clients.Where(c => kvks.Contains(c.KvkNumber)).Select(c => c.KvkNumber).Order().ToArray().ShouldBe(kvks, "each client once");
        h.Portal.State.Users.Select(u => u.Login).Order().ToArray().ShouldBe(kvks.Select((_, i) => $"user{i}").Order().ToArray(), "each user once");
        Directory.GetFiles(h.Letters).Length.ShouldBe(kvks.Length);
        h.Portal.Faults.Configure(FaultSettings.None);
        foreach (var i in new[] { 0, 11, 23 })
        {
            var letter = Directory.GetFiles(h.Letters).Single(f => File.ReadAllText(f).Contains($"<strong>user{i}</strong>", StringComparison.Ordinal));
            await h.Beheer.Service.SetDocumentTypeRightAsync("demo", "demo", $"user{i}", "jaarrekening", ApprovalRight.MayApprove);
            var doc = await h.SubmitAsync(kvks[i], $"of1-{i}");
            using var approved = await h.ApproveAsUserAsync(doc.Reference, $"user{i}", PinIn(letter));
            approved.StatusCode.ShouldBe(HttpStatusCode.OK, $"the PIN in user{i}'s letter is the one the portal has");
        }
    }

    /// <summary>
    /// OF-1's shared back-pressure on the portal's SOAP services (the set-up import's Beheer calls and the documents'
    /// accordering calls go through the same channel): a 503 to one call holds back every call of the pipeline that
    /// comes after it, not only a retry of the one that got it.
    /// </summary>
    [Fact]
    [Trait("Req", "OF-1")]
    public async Task A_503_to_one_call_holds_back_the_pipelines_other_calls()
    {
        await using var h = await ImportHarness.StartAsync();
        using var gate = new ConnectorHost.Abstractions.Sync.CallGate(4);
        using var channel = new ConnectorHost.Plugins.ClientOnline.Accordering.SoapChannel<IBeheerService>(h.Portal.BeheerServiceUrl, TimeSpan.FromSeconds(20), gate);
        h.Portal.Faults.Configure(new FaultSettings { Http503 = FaultRule.Next(1) });

        await Should.ThrowAsync<Exception>(() => channel.CallAsync("ListBranches", s => s.ListBranchesAsync("demo", "demo"), CancellationToken.None));
        gate.PausedUntil.ShouldBeGreaterThan(DateTimeOffset.UtcNow, "the 503 paused the pipeline's calls");
        var others = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => channel.CallAsync("ListBranches", s => s.ListBranchesAsync("demo", "demo"), CancellationToken.None)));

        others.Length.ShouldBe(3);
        gate.HeldBack.ShouldBe(3, "each of the other calls waited for the pause before it went out");
        h.Portal.Faults.Status().Calls.ShouldBe(4, "the three calls went out once each, after the pause");
    }
}

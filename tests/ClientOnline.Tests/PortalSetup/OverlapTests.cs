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
}

using ConnectorHost.Abstractions.Documents;
using ConnectorHost.Pipelines;
using ConnectorHost.State;
using ConnectorHost.Testing;

namespace ConnectorHost.Plugins.ClientOnline.Tests.Pipeline;

/// <summary>
/// SDK-6: the kit's pipeline harness runs a plugin's source and target through the host's real runner and ledger, as a
/// third party would test theirs: the ClientOnline folder source against a recording target (source → runner →
/// target → put-away), and the same source with the real accordering target against the sandbox portal over SOAP.
/// </summary>
[Trait("Req", "SDK-6")]
public sealed class PipelineHarnessTests
{
    [Fact]
    public async Task The_folder_source_through_the_hosts_runner_submits_once_and_puts_away_on_the_decision()
    {
        await using var h = await ClientOnlineHarness.StartAsync();
        var target = new RecordingTarget();
        var pipeline = new PipelineHarness(h.Context).Documents(h.CreateSource(), target);
        h.DropPdf("12345678_jaarrekening.pdf", "version A");
        h.DropPdf("99999999_jaarrekening.pdf", "unknown client");
        target.UnknownClients.Add("99999999");

        var first = await pipeline.RunOnceAsync();
        var second = await pipeline.RunOnceAsync();

        first.Outcome.ShouldBe(RunOutcome.Succeeded, first.Summary);
        target.Submissions.Select(s => s.FileName).ShouldBe(["12345678_jaarrekening.pdf", "99999999_jaarrekening.pdf"], ignoreOrder: true);
        target.SubmitCalls.ShouldBe(2, "the second run finds both in the ledger: nothing is submitted twice");
        second.Outcome.ShouldBe(RunOutcome.Succeeded, second.Summary);
        ClientOnlineHarness.FilesIn(h.NotFound).ShouldContain("99999999_jaarrekening.pdf");

        target.Decide(target.Single("12345678_jaarrekening.pdf"), SubmissionState.Approved);
        await pipeline.RunOnceAsync();

        ClientOnlineHarness.FilesIn(h.Approved).ShouldBe(["12345678_jaarrekening.pdf"]);
        ClientOnlineHarness.FilesIn(h.PdfIn).ShouldBeEmpty();
        var entry = (await pipeline.LedgerAsync()).Single(e => e.FileName == "12345678_jaarrekening.pdf");
        (entry.Status, entry.CompletedAt is not null).ShouldBe((LedgerStatus.Approved, true));
        entry.PortalReference.ShouldNotBeNull().ShouldStartWith("ref-"); // the target's reference, kept in the ledger
    }

    [Fact]
    public async Task The_source_and_the_real_target_run_against_the_sandbox_portal()
    {
        await using var h = await ClientOnlineHarness.StartAsync();
        var pipeline = new PipelineHarness(h.Context).Documents(h.CreateSource(), h.CreateTarget());
        h.DropPdf("12345678_jaarrekening.pdf");

        (await pipeline.RunOnceAsync()).Outcome.ShouldBe(RunOutcome.Succeeded);
        var submission = await h.SingleSubmissionAsync();
        await h.DecideAsync(submission.Reference, "reject", "Verkeerd boekjaar");
        await pipeline.RunOnceAsync();

        ClientOnlineHarness.FilesIn(h.Rejected).ShouldBe(["12345678_jaarrekening.pdf", "12345678_jaarrekening.pdf.reason.txt"]);
        (await pipeline.LedgerAsync()).ShouldHaveSingleItem().Status.ShouldBe(LedgerStatus.Rejected);
    }
}

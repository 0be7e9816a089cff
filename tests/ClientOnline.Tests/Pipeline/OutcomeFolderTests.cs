namespace ConnectorHost.Plugins.ClientOnline.Tests.Pipeline;

/// <summary>Where each outcome puts the file (CO-9), never twice (CO-2, CO-7), never overwriting.</summary>
public sealed class OutcomeFolderTests
{
    [Fact]
    [Trait("Req", "CO-9")]
    public async Task Each_outcome_goes_to_its_folder_with_a_reason_beside_it_except_approved()
    {
        await using var h = await ClientOnlineHarness.StartAsync();
        h.DropPdf("12345678_approved.pdf", "a");
        h.DropPdf("12345678_rejected.pdf", "r");
        h.DropPdf("12345678_withdrawn.pdf", "w");
        h.DropPdf("99999999_unknown.pdf", "u");
        var runner = h.Runner();
        await runner.RunOnceAsync(CancellationToken.None);
        var submissions = await h.SubmissionsAsync();
        submissions.Count.ShouldBe(4);

        await h.DecideAsync(submissions.Single(s => s.FileName == "12345678_approved.pdf").Reference, "approve");
        await h.DecideAsync(submissions.Single(s => s.FileName == "12345678_rejected.pdf").Reference, "reject", "De balans klopt niet");
        await h.DecideAsync(submissions.Single(s => s.FileName == "12345678_withdrawn.pdf").Reference, "withdraw", "Verkeerde versie");
        await runner.RunOnceAsync(CancellationToken.None);

        ClientOnlineHarness.FilesIn(h.PdfIn).ShouldBeEmpty();
        ClientOnlineHarness.FilesIn(h.Approved).ShouldBe(["12345678_approved.pdf"]);
        ClientOnlineHarness.FilesIn(h.Rejected).ShouldBe(["12345678_rejected.pdf", "12345678_rejected.pdf.reason.txt"]);
        (await File.ReadAllTextAsync(Path.Combine(h.Rejected, "12345678_rejected.pdf.reason.txt"))).ShouldContain("De balans klopt niet");
        ClientOnlineHarness.FilesIn(h.NotFound).ShouldBe(["99999999_unknown.pdf", "99999999_unknown.pdf.reason.txt"]);
        (await File.ReadAllTextAsync(Path.Combine(h.NotFound, "99999999_unknown.pdf.reason.txt"))).ShouldContain("no client with KvK number 99999999");
        ClientOnlineHarness.FilesIn(h.Error).ShouldBe(["12345678_withdrawn.pdf", "12345678_withdrawn.pdf.reason.txt"]);
        var withdrawn = await File.ReadAllTextAsync(Path.Combine(h.Error, "12345678_withdrawn.pdf.reason.txt"));
        withdrawn.ShouldContain("Ingetrokken");
        withdrawn.ShouldContain("Verkeerde versie");
        (await h.LedgerAsync()).ShouldAllBe(e => e.CompletedAt != null);
    }

    [Fact]
    [Trait("Req", "CO-2")]
    [Trait("Req", "CO-7")]
    [Trait("Req", "CO-9")]
    public async Task A_copy_of_an_approved_document_is_not_submitted_again_and_a_name_clash_adds_a_suffix()
    {
        await using var h = await ClientOnlineHarness.StartAsync();
        h.DropPdf("12345678_jaarrekening.pdf", "same");
        var runner = h.Runner();
        await runner.RunOnceAsync(CancellationToken.None);
        await h.DecideAsync((await h.SingleSubmissionAsync()).Reference, "approve");
        await runner.RunOnceAsync(CancellationToken.None);
        ClientOnlineHarness.FilesIn(h.Approved).ShouldBe(["12345678_jaarrekening.pdf"]);

        h.DropPdf("12345678_jaarrekening.pdf", "same"); // the same document again
        await runner.RunOnceAsync(CancellationToken.None);
        await runner.RunOnceAsync(CancellationToken.None);

        (await h.SingleSubmissionAsync()).Status.ToString().ShouldBe("Approved");
        ClientOnlineHarness.FilesIn(h.PdfIn).ShouldBeEmpty();
        ClientOnlineHarness.FilesIn(h.Error).ShouldBe(["12345678_jaarrekening.pdf", "12345678_jaarrekening.pdf.reason.txt"]);
        var reason = await File.ReadAllTextAsync(Path.Combine(h.Error, "12345678_jaarrekening.pdf.reason.txt"));
        reason.ShouldContain("a copy of a document already handled");
        reason.ShouldContain("first seen on");

        h.DropPdf("12345678_jaarrekening.pdf", "same"); // and once more: the error folder has that name already
        await runner.RunOnceAsync(CancellationToken.None);
        ClientOnlineHarness.FilesIn(h.Error).ShouldBe(
            ["12345678_jaarrekening (1).pdf", "12345678_jaarrekening (1).pdf.reason.txt", "12345678_jaarrekening.pdf", "12345678_jaarrekening.pdf.reason.txt"]);
        (await h.SubmissionsAsync()).Count.ShouldBe(1);
    }

    [Fact]
    [Trait("Req", "CO-7")]
    public async Task The_same_content_under_another_name_is_another_document()
    {
        await using var h = await ClientOnlineHarness.StartAsync();
        h.DropPdf("12345678_a.pdf", "same");
        h.DropPdf("12345678_b.pdf", "same");

        await h.Runner().RunOnceAsync(CancellationToken.None);

        (await h.SubmissionsAsync()).Select(s => s.FileName).Order().ShouldBe(["12345678_a.pdf", "12345678_b.pdf"]);
    }

    [Fact]
    [Trait("Req", "CO-2")]
    public async Task A_pending_document_is_asked_about_not_submitted_again_on_later_runs()
    {
        await using var h = await ClientOnlineHarness.StartAsync();
        h.DropPdf("12345678_jaarrekening.pdf");
        var runner = h.Runner();

        for (var i = 0; i < 3; i++)
        {
            await runner.RunOnceAsync(CancellationToken.None);
        }

        (await h.SingleSubmissionAsync()).Status.ToString().ShouldBe("Pending");
        ClientOnlineHarness.FilesIn(h.PdfIn).ShouldBe(["12345678_jaarrekening.pdf"]);
    }

    [Fact]
    public async Task Completing_twice_or_a_file_already_gone_does_nothing_and_a_path_outside_the_folders_is_refused()
    {
        await using var h = await ClientOnlineHarness.StartAsync();
        var path = h.DropPdf("12345678_a.pdf");
        var source = h.CreateSource();
        var outcome = new Abstractions.Documents.DocumentOutcome(Abstractions.Documents.DocumentOutcomeKind.Approved, "approved");

        await source.CompleteAsync(path, outcome, CancellationToken.None);
        await source.CompleteAsync(path, outcome, CancellationToken.None);

        ClientOnlineHarness.FilesIn(h.Approved).ShouldBe(["12345678_a.pdf"]);
        var outside = h.Drop(h.Combine("elsewhere"), "12345678_b.pdf", "%PDF-1.4"u8.ToArray());
        await Should.ThrowAsync<IOException>(() => source.CompleteAsync(outside, outcome, CancellationToken.None));
        await Should.ThrowAsync<IOException>(() => source.CompleteAsync(Path.Combine(h.PdfIn, "..", "elsewhere", "12345678_b.pdf"), outcome, CancellationToken.None));
        File.Exists(outside).ShouldBeTrue();
    }
}

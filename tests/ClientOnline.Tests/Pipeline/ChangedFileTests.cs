using ConnectorHost.Pipelines;
using ConnectorHost.State;
using Microsoft.Extensions.Time.Testing;

namespace ConnectorHost.Plugins.ClientOnline.Tests.Pipeline;

/// <summary>
/// CO-13: the file put away is the file the client decided on. A file overwritten while its document is pending, or
/// grown by a writer that paused longer than stableFor, is a new document; the old document's outcome is recorded
/// without moving the new content. Real folders, the sandbox portal over real SOAP, a real SQLite ledger.
/// </summary>
public sealed class ChangedFileTests
{
    [Fact]
    [Trait("Req", "CO-13")]
    public async Task A_file_overwritten_while_pending_is_its_own_document_and_approving_the_first_moves_nothing()
    {
        await using var h = await ClientOnlineHarness.StartAsync();
        var path = h.DropPdf("12345678_x.pdf", "A");
        var runner = h.Runner();
        await runner.RunOnceAsync(CancellationToken.None);
        var first = await h.SingleSubmissionAsync();

        h.DropPdf("12345678_x.pdf", "content B, longer");
        await runner.RunOnceAsync(CancellationToken.None);
        var second = (await h.SubmissionsAsync()).Where(s => s.Reference != first.Reference).ShouldHaveSingleItem();
        second.Sha256.ShouldBe(ClientOnlineHarness.Sha256Of(path));

        await h.DecideAsync(first.Reference, "approve");
        await runner.RunOnceAsync(CancellationToken.None);

        ClientOnlineHarness.FilesIn(h.Approved).ShouldBeEmpty();
        ClientOnlineHarness.FilesIn(h.PdfIn).ShouldBe(["12345678_x.pdf"]);
        ClientOnlineHarness.Sha256Of(path).ShouldBe(second.Sha256);
        var approved = (await h.LedgerAsync()).Single(e => e.PortalReference == first.Reference);
        (approved.Status, approved.CompletedAt is not null).ShouldBe((LedgerStatus.Approved, true));
        approved.Reason.ShouldNotBeNull().ShouldContain(DocumentPipelineRunner.ChangedNote);
        (await h.Store.Audit.ListAsync("12345678_x.pdf", 10, CancellationToken.None)).ShouldHaveSingleItem().Details.ShouldContain(DocumentPipelineRunner.ChangedNote);

        await h.DecideAsync(second.Reference, "reject", "Verkeerde versie");
        await runner.RunOnceAsync(CancellationToken.None);

        ClientOnlineHarness.FilesIn(h.PdfIn).ShouldBeEmpty();
        ClientOnlineHarness.FilesIn(h.Rejected).ShouldBe(["12345678_x.pdf", "12345678_x.pdf.reason.txt"]);
        ClientOnlineHarness.Sha256Of(Path.Combine(h.Rejected, "12345678_x.pdf")).ShouldBe(second.Sha256);
        (await h.LedgerAsync()).Single(e => e.PortalReference == second.Reference).Status.ShouldBe(LedgerStatus.Rejected);
    }

    [Fact]
    [Trait("Req", "CO-13")]
    public async Task The_folder_source_alone_refuses_to_move_a_file_that_is_no_longer_the_decided_version_and_moves_one_only_touched()
    {
        // The plugin's own check, without the host's runner and ledger: the outcome carries the version and content
        // hash that were decided on; the file at the place now is another.
        await using var h = await ClientOnlineHarness.StartAsync();
        var source = h.CreateSource();
        var path = h.DropPdf("12345678_x.pdf", "version A");
        var decided = new Abstractions.Documents.DocumentOutcome(Abstractions.Documents.DocumentOutcomeKind.Approved, "Goedgekeurd")
        {
            SourceVersion = Folders.FileVersion.Of(new FileInfo(path)),
            ContentSha256 = ClientOnlineHarness.Sha256Of(path),
        };
        var before = File.GetLastWriteTimeUtc(path);
        h.DropPdf("12345678_x.pdf", "version B, longer");
        File.SetLastWriteTimeUtc(path, before.AddSeconds(10));

        var refused = await Should.ThrowAsync<Abstractions.Documents.DocumentChangedException>(() => source.CompleteAsync(path, decided, CancellationToken.None));

        refused.Message.ShouldContain("'12345678_x.pdf' is no longer the file that was submitted");
        ClientOnlineHarness.FilesIn(h.PdfIn).ShouldBe(["12345678_x.pdf"]);
        ClientOnlineHarness.FilesIn(h.Approved).ShouldBeEmpty();

        // The decided content again, only with another time (a copy over itself, a backup tool): it is the same document.
        h.DropPdf("12345678_x.pdf", "version A");
        File.SetLastWriteTimeUtc(path, before.AddSeconds(20));
        await source.CompleteAsync(path, decided, CancellationToken.None);

        ClientOnlineHarness.FilesIn(h.Approved).ShouldBe(["12345678_x.pdf"]);
        ClientOnlineHarness.FilesIn(h.PdfIn).ShouldBeEmpty();
    }

    [Fact]
    [Trait("Req", "CO-13")]
    public async Task When_the_new_content_is_decided_first_the_old_documents_outcome_later_moves_nothing()
    {
        await using var h = await ClientOnlineHarness.StartAsync();
        var path = h.DropPdf("12345678_x.pdf", "A");
        var runner = h.Runner();
        await runner.RunOnceAsync(CancellationToken.None);
        var first = await h.SingleSubmissionAsync();
        h.DropPdf("12345678_x.pdf", "content B, longer");
        await runner.RunOnceAsync(CancellationToken.None);
        var second = (await h.SubmissionsAsync()).Single(s => s.Reference != first.Reference);

        await h.DecideAsync(second.Reference, "reject", "Verkeerde versie");
        await runner.RunOnceAsync(CancellationToken.None);
        ClientOnlineHarness.FilesIn(h.Rejected).ShouldBe(["12345678_x.pdf", "12345678_x.pdf.reason.txt"]);

        h.DropPdf("12345678_x.pdf", "content C, the third"); // a third version arrives before the first is decided
        await h.DecideAsync(first.Reference, "approve");
        await runner.RunOnceAsync(CancellationToken.None);

        ClientOnlineHarness.FilesIn(h.Approved).ShouldBeEmpty();
        ClientOnlineHarness.FilesIn(h.PdfIn).ShouldBe(["12345678_x.pdf"]);
        var ledger = await h.LedgerAsync();
        ledger.Single(e => e.PortalReference == first.Reference).Reason.ShouldNotBeNull().ShouldContain(DocumentPipelineRunner.ChangedNote);
        (await h.SubmissionsAsync()).Count.ShouldBe(3);
        (await h.SubmissionsAsync()).Single(s => s.Reference != first.Reference && s.Reference != second.Reference).Sha256.ShouldBe(ClientOnlineHarness.Sha256Of(path));
    }

    [Fact]
    [Trait("Req", "CO-13")]
    public async Task A_writer_pausing_longer_than_stableFor_makes_two_documents_and_approving_the_partial_one_moves_nothing()
    {
        await using var h = await ClientOnlineHarness.StartAsync();
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var runner = h.Runner(h.CreateSource(h.SourceSettings(stableFor: TimeSpan.FromSeconds(3)), clock), h.CreateTarget());
        Directory.CreateDirectory(h.PdfIn);
        var path = Path.Combine(h.PdfIn, "12345678_jaarrekening.pdf");
        var random = new Random(5);
        void Write(FileMode mode)
        {
            var chunk = new byte[5 * 1024];
            random.NextBytes(chunk);
            "%PDF-1.4\n"u8.CopyTo(chunk);
            "\n%%EOF\n"u8.CopyTo(chunk.AsSpan(chunk.Length - 7)); // each part ends as a PDF does (an incremental update)
            using (var stream = new FileStream(path, mode, FileAccess.Write))
            {
                stream.Write(chunk);
            }

            File.SetLastWriteTimeUtc(path, clock.GetUtcNow().UtcDateTime); // the writer's time, on the source's clock
        }

        Write(FileMode.CreateNew);
        await runner.RunOnceAsync(CancellationToken.None);
        (await h.SubmissionsAsync()).ShouldBeEmpty(); // written just now: not yet stable

        clock.Advance(TimeSpan.FromSeconds(3.5)); // the writer pauses
        await runner.RunOnceAsync(CancellationToken.None);
        var partial = await h.SingleSubmissionAsync();
        partial.Size.ShouldBe(5 * 1024);

        Write(FileMode.Append); // and writes the rest
        await h.DecideAsync(partial.Reference, "approve");
        await runner.RunOnceAsync(CancellationToken.None); // the 10 KB file is not stable yet, the partial one is decided

        ClientOnlineHarness.FilesIn(h.Approved).ShouldBeEmpty();
        new FileInfo(path).Length.ShouldBe(10 * 1024);
        (await h.LedgerAsync()).ShouldHaveSingleItem().Reason.ShouldNotBeNull().ShouldContain(DocumentPipelineRunner.ChangedNote);

        clock.Advance(TimeSpan.FromSeconds(3.5));
        await runner.RunOnceAsync(CancellationToken.None);
        var whole = (await h.SubmissionsAsync()).Single(s => s.Reference != partial.Reference);
        whole.Size.ShouldBe(10 * 1024);
        await h.DecideAsync(whole.Reference, "approve");
        await runner.RunOnceAsync(CancellationToken.None);

        ClientOnlineHarness.FilesIn(h.Approved).ShouldBe(["12345678_jaarrekening.pdf"]);
        ClientOnlineHarness.Sha256Of(Path.Combine(h.Approved, "12345678_jaarrekening.pdf")).ShouldBe(whole.Sha256);
    }
}

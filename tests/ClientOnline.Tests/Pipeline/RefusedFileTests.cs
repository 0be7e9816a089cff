using ConnectorHost.State;

namespace ConnectorHost.Plugins.ClientOnline.Tests.Pipeline;

/// <summary>
/// CO-17: documents refused before submission are ledger entries too, with status and reason, searchable like the
/// submitted ones; they are put away by the same step (so CO-14 and CO-15 hold for them as well).
/// </summary>
public sealed class RefusedFileTests
{
    [Fact]
    [Trait("Req", "CO-17")]
    public async Task A_zip_named_pdf_a_pdf_without_prefix_and_bad_xbrl_are_listed_with_their_reason_and_never_submitted()
    {
        await using var h = await ClientOnlineHarness.StartAsync();
        h.Drop(h.PdfIn, "12345678_archief.pdf", "PK\u0003\u0004 a zip file"u8.ToArray());
        h.DropPdf("jaarrekening-zonder-nummer.pdf");
        h.Drop(h.XbrlIn, "kapot.xbrl", "<xbrli:xbrl xmlns:xbrli=\"http://www.xbrl.org/2003/instance\"><unclosed></xbrli:xbrl>"u8.ToArray());

        var (_, summary) = await h.Runner().RunOnceAsync(CancellationToken.None);

        summary.ShouldContain("3 refused");
        (await h.SubmissionsAsync()).ShouldBeEmpty();
        var ledger = (await h.LedgerAsync()).ToDictionary(e => e.FileName);
        ledger.Count.ShouldBe(3);
        ledger["12345678_archief.pdf"].Status.ShouldBe(LedgerStatus.Refused);
        ledger["12345678_archief.pdf"].Reason.ShouldNotBeNull().ShouldContain("is not a PDF");
        ledger["jaarrekening-zonder-nummer.pdf"].Status.ShouldBe(LedgerStatus.ClientNotFound);
        ledger["jaarrekening-zonder-nummer.pdf"].Reason.ShouldNotBeNull().ShouldContain("has no '<number>_' prefix");
        ledger["kapot.xbrl"].Status.ShouldBe(LedgerStatus.Refused);
        ledger["kapot.xbrl"].Reason.ShouldNotBeNull().ShouldContain("MalformedXml");
        ledger.Values.ShouldAllBe(e => e.CompletedAt != null && e.Attempts == 0 && e.PortalReference == null);

        ClientOnlineHarness.FilesIn(h.Error).ShouldBe(["12345678_archief.pdf", "12345678_archief.pdf.reason.txt", "kapot.xbrl", "kapot.xbrl.reason.txt"]);
        ClientOnlineHarness.FilesIn(h.NotFound).ShouldBe(["jaarrekening-zonder-nummer.pdf", "jaarrekening-zonder-nummer.pdf.reason.txt"]);
        (await File.ReadAllTextAsync(Path.Combine(h.Error, "12345678_archief.pdf.reason.txt"))).ShouldContain("Not submitted: the file cannot be offered to the portal.");

        var found = await h.Store.Documents.ListAsync(new LedgerQuery(Search: "archief"), CancellationToken.None);
        found.ShouldHaveSingleItem().Status.ShouldBe(LedgerStatus.Refused);
        (await h.Store.Documents.CountByStatusAsync(CancellationToken.None))[LedgerStatus.Refused].ShouldBe(2);
    }

    [Fact]
    [Trait("Req", "CO-17")]
    public async Task A_refused_file_put_back_unchanged_is_refused_and_put_away_again()
    {
        await using var h = await ClientOnlineHarness.StartAsync();
        var zip = "PK\u0003\u0004 a zip file"u8.ToArray();
        h.Drop(h.PdfIn, "12345678_archief.pdf", zip);
        var runner = h.Runner();
        await runner.RunOnceAsync(CancellationToken.None);
        File.Delete(Path.Combine(h.Error, "12345678_archief.pdf"));
        File.Delete(Path.Combine(h.Error, "12345678_archief.pdf.reason.txt"));

        h.Drop(h.PdfIn, "12345678_archief.pdf", zip);
        await runner.RunOnceAsync(CancellationToken.None);

        ClientOnlineHarness.FilesIn(h.PdfIn).ShouldBeEmpty();
        ClientOnlineHarness.FilesIn(h.Error).ShouldBe(["12345678_archief.pdf", "12345678_archief.pdf.reason.txt"]);
        var entry = (await h.LedgerAsync()).ShouldHaveSingleItem();
        (entry.Status, entry.CompletedAt is not null).ShouldBe((LedgerStatus.Refused, true));
        (await h.SubmissionsAsync()).ShouldBeEmpty();
    }
}

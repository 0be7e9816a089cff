using ConnectorHost.Plugins.ClientOnline.Accordering;
using ConnectorHost.Plugins.ClientOnline.Contracts;
using ConnectorHost.Plugins.ClientOnline.Folders;
using ConnectorHost.Sandbox.ClientOnlinePortal;

namespace ConnectorHost.Plugins.ClientOnline.Tests.Pipeline;

/// <summary>PDFs: the client by the file name's prefix, the type and dates from the folder's settings.</summary>
public sealed class PdfSubmissionTests
{
    [Fact]
    [Trait("Req", "CO-5")]
    public async Task A_PDF_prefix_is_read_as_KvK_number_or_hidden_id_per_folder()
    {
        await using var h = await ClientOnlineHarness.StartAsync();
        h.DropPdf("12345678_jaarrekening.pdf", "by kvk");
        h.DropPdf("900002_aangifte.pdf", "by hidden id", h.HiddenIdIn);

        await h.Runner().RunOnceAsync(CancellationToken.None);

        var submissions = await h.SubmissionsAsync();
        submissions.Count.ShouldBe(2);
        var byKvk = submissions.Single(s => s.FileName == "12345678_jaarrekening.pdf");
        (byKvk.ClientNumberKind.ToString(), byKvk.ClientNumber, byKvk.ClientHiddenId, byKvk.Status.ToString()).ShouldBe(("KvK", "12345678", "900001", "Pending"));
        var byHiddenId = submissions.Single(s => s.FileName == "900002_aangifte.pdf");
        (byHiddenId.ClientNumberKind.ToString(), byHiddenId.ClientNumber, byHiddenId.ClientName, byHiddenId.DocumentType).ShouldBe(("HiddenId", "900002", "BAA BV", "aangifte IB"));
    }

    [Fact]
    [Trait("Req", "CO-6")]
    public async Task The_folder_document_type_and_dates_arrive_at_the_portal()
    {
        await using var h = await ClientOnlineHarness.StartAsync();
        var source = h.CreateSource(h.SourceSettings(documentType: "jaarrekening 2024", dateFrom: new DateOnly(2024, 1, 1), dateTo: new DateOnly(2024, 12, 31)));
        h.DropPdf("12345678_jaarrekening.pdf");

        await h.Runner(source, h.CreateTarget()).RunOnceAsync(CancellationToken.None);

        var submission = await h.SingleSubmissionAsync();
        (submission.DocumentType, submission.PeriodFrom, submission.PeriodTo).ShouldBe(("jaarrekening 2024", new DateOnly(2024, 1, 1), new DateOnly(2024, 12, 31)));
    }

    [Fact]
    [Trait("Req", "CO-4")]
    public async Task The_connector_sends_no_deadline_so_the_portal_setting_for_the_document_type_decides_it()
    {
        await using var h = await ClientOnlineHarness.StartAsync();
        // What the connector can send: the submit request has no deadline (termijn) in it at all.
        typeof(SubmitDocumentRequest).GetProperties().Select(p => p.Name)
            .ShouldAllBe(name => !name.Contains("Deadline", StringComparison.OrdinalIgnoreCase) && !name.Contains("Termijn", StringComparison.OrdinalIgnoreCase));
        typeof(AccorderingSettings).GetProperties().Select(p => p.Name).ShouldNotContain(name => name.Contains("Deadline", StringComparison.OrdinalIgnoreCase));
        using (var put = await h.Http.SendJsonAsync(HttpMethod.Put, "/control/deadlines", new DeadlineInput(14, new Dictionary<string, int> { ["jaarrekening"] = 60, ["aangifte IB"] = 5 })))
        {
            put.EnsureSuccessStatusCode();
        }

        h.DropPdf("12345678_jaarrekening.pdf");
        h.DropPdf("900002_aangifte.pdf", folder: h.HiddenIdIn);
        await h.Runner().RunOnceAsync(CancellationToken.None);

        var submissions = await h.SubmissionsAsync();
        submissions.Count.ShouldBe(2);
        var accounts = submissions.Single(s => s.DocumentType == "jaarrekening");
        var incomeTax = submissions.Single(s => s.DocumentType == "aangifte IB");
        accounts.Deadline.ShouldBe(DateOnly.FromDateTime(accounts.ReceivedAt.UtcDateTime).AddDays(60));
        incomeTax.Deadline.ShouldBe(DateOnly.FromDateTime(incomeTax.ReceivedAt.UtcDateTime).AddDays(5));
    }

    [Theory]
    [Trait("Req", "CO-5")]
    [InlineData("jaarrekening.pdf", "has no '<number>_' prefix")]
    [InlineData("1234567_jaarrekening.pdf", "starts with '1234567_', which is not the client's KvK number (8 digits)")]
    [InlineData("ABCDEFGH_jaarrekening.pdf", "starts with 'ABCDEFGH_', which is not the client's KvK number (8 digits)")]
    public async Task A_PDF_without_a_valid_KvK_prefix_goes_to_Niet_gevonden_with_the_reason_and_is_not_submitted(string fileName, string expected)
    {
        await using var h = await ClientOnlineHarness.StartAsync();
        h.DropPdf(fileName);

        await h.Runner().RunOnceAsync(CancellationToken.None);

        (await h.SubmissionsAsync()).ShouldBeEmpty();
        ClientOnlineHarness.FilesIn(h.PdfIn).ShouldBeEmpty();
        ClientOnlineHarness.FilesIn(h.NotFound).ShouldBe([fileName, fileName + ".reason.txt"]);
        (await File.ReadAllTextAsync(Path.Combine(h.NotFound, fileName + ".reason.txt"))).ShouldContain(expected);
    }

    [Fact]
    [Trait("Req", "CO-5")]
    public async Task A_file_that_is_not_a_PDF_goes_to_the_error_folder_with_the_reason_and_is_not_submitted()
    {
        await using var h = await ClientOnlineHarness.StartAsync();
        h.Drop(h.PdfIn, "12345678_jaarrekening.pdf", "PK\u0003\u0004 a zip file"u8.ToArray());
        h.Drop(h.PdfIn, "12345678_leeg.pdf", []);

        await h.Runner().RunOnceAsync(CancellationToken.None);

        (await h.SubmissionsAsync()).ShouldBeEmpty();
        ClientOnlineHarness.FilesIn(h.Error).ShouldBe(["12345678_jaarrekening.pdf", "12345678_jaarrekening.pdf.reason.txt", "12345678_leeg.pdf", "12345678_leeg.pdf.reason.txt"]);
        var reason = await File.ReadAllTextAsync(Path.Combine(h.Error, "12345678_jaarrekening.pdf.reason.txt"));
        reason.ShouldContain("is not a PDF: it does not start with the PDF header '%PDF-' (it starts with bytes 504B0304");
        (await File.ReadAllTextAsync(Path.Combine(h.Error, "12345678_leeg.pdf.reason.txt"))).ShouldContain("the file is empty");
    }

    [Fact]
    public async Task Temporary_names_and_other_patterns_are_left_alone()
    {
        await using var h = await ClientOnlineHarness.StartAsync();
        h.DropPdf("~12345678_lock.pdf");
        h.DropPdf(".12345678_hidden.pdf");
        h.DropPdf("12345678_busy.pdf.tmp");
        h.Drop(h.PdfIn, "12345678_notes.txt", "notes"u8.ToArray());

        await h.Runner().RunOnceAsync(CancellationToken.None);

        (await h.SubmissionsAsync()).ShouldBeEmpty();
        ClientOnlineHarness.FilesIn(h.PdfIn).Length.ShouldBe(4);
        ClientOnlineHarness.FilesIn(h.Error).ShouldBeEmpty();
        ClientOnlineHarness.FilesIn(h.NotFound).ShouldBeEmpty();
    }

    [Fact]
    [Trait("Req", "CO-5")]
    public async Task Upper_case_extensions_match_the_pattern()
    {
        await using var h = await ClientOnlineHarness.StartAsync();
        h.DropPdf("12345678_SCAN.PDF");

        await h.Runner().RunOnceAsync(CancellationToken.None);

        (await h.SingleSubmissionAsync()).FileName.ShouldBe("12345678_SCAN.PDF");
    }

    [Fact]
    public void An_Xbrl_folder_refuses_PDF_settings_and_a_Pdf_folder_needs_a_document_type()
    {
        var xbrl = new FolderMapping { Source = "in", Kind = DocumentKind.Xbrl, DocumentType = "x", Approved = "a", Rejected = "r", NotFound = "n", Error = "e" };
        var pdf = new FolderMapping { Source = "in", Kind = DocumentKind.Pdf, Approved = "a", Rejected = "r", NotFound = "n", Error = "e" };

        xbrl.Validate(new(xbrl)).ShouldHaveSingleItem().ErrorMessage.ShouldNotBeNull().ShouldContain("from the XBRL itself");
        pdf.Validate(new(pdf)).ShouldHaveSingleItem().ErrorMessage.ShouldNotBeNull().ShouldContain("needs 'documentType'");
        new ClientOnlineFolderSettings().Validate(new(new object())).ShouldHaveSingleItem();
    }

    [Fact]
    [Trait("Req", "CO-9")]
    public async Task An_outcome_folder_that_is_also_a_source_folder_is_refused()
    {
        await using var h = await ClientOnlineHarness.StartAsync();
        var settings = h.SourceSettings();
        settings.Folders[0].Error = settings.Folders[2].Source;

        var ex = Should.Throw<ArgumentException>(() => h.CreateSource(settings));

        ex.Message.ShouldContain("is also a source folder");
    }
}

using ConnectorHost.Abstractions.Documents;

namespace ConnectorHost.Plugins.ClientOnline.Tests.Pipeline;

/// <summary>Stable files only, and the folder watcher that wakes the pipeline within seconds instead of at its interval.</summary>
public sealed class FolderWatchTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    [Fact]
    [Trait("Req", "FH-3")]
    public async Task A_half_written_PDF_held_open_by_its_writer_waits_until_it_ends_with_EOF()
    {
        await using var h = await ClientOnlineHarness.StartAsync();
        var path = Path.Combine(h.PdfIn, "12345678_jaarrekening.pdf");
        var runner = h.Runner();

        // On Linux a writer takes no lock: only the content tells that the PDF is not complete.
        using (var writer = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.ReadWrite))
        {
            writer.Write("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n"u8);
            writer.Flush();
            var (_, summary) = await runner.RunOnceAsync(CancellationToken.None);
            summary.ShouldContain("1 waiting");
            h.Portal.State.Submissions.ShouldBeEmpty();
            (await h.LedgerAsync()).ShouldBeEmpty();

            writer.Write("trailer << /Root 1 0 R >>\n%%EOF\n"u8);
        }

        await runner.RunOnceAsync(CancellationToken.None);
        h.Portal.State.Submissions.ShouldHaveSingleItem().Sha256.ShouldBe(ClientOnlineHarness.Sha256Of(path));
    }

    [Fact]
    public async Task Every_source_folder_is_watched()
    {
        await using var h = await ClientOnlineHarness.StartAsync(realClock: true);
        var source = h.CreateSource();
        using var woken = new SemaphoreSlim(0);
        using var watching = source.WatchForChanges(() => woken.Release()).ShouldNotBeNull();

        foreach (var folder in new[] { h.PdfIn, h.HiddenIdIn, h.XbrlIn })
        {
            await File.WriteAllTextAsync(Path.Combine(folder, "12345678_drop.pdf"), "%PDF-1.4\n%%EOF\n");
            (await woken.WaitAsync(Patience)).ShouldBeTrue($"no wake-up for a file dropped in {folder}");
        }
    }

    [Fact]
    public async Task A_file_not_yet_stable_wakes_the_pipeline_again_when_it_may_be()
    {
        await using var h = await ClientOnlineHarness.StartAsync(realClock: true);
        h.DropPdf("12345678_jaarrekening.pdf"); // before watching: no file event will wake anyone
        var source = h.CreateSource(h.SourceSettings(stableFor: TimeSpan.FromSeconds(1)));
        using var woken = new SemaphoreSlim(0);
        using var watching = source.WatchForChanges(() => woken.Release()).ShouldNotBeNull();

        (await source.ScanAsync(CancellationToken.None).ToListAsync()).ShouldHaveSingleItem().Waiting.ShouldNotBeNull(); // seen for the first time: not stable yet

        (await woken.WaitAsync(Patience)).ShouldBeTrue("the source did not wake the pipeline once the file could be stable");
        (await source.ScanAsync(CancellationToken.None).ToListAsync()).Where(d => d.Waiting is null).ShouldHaveSingleItem().FileName.ShouldBe("12345678_jaarrekening.pdf");
    }

    [Fact]
    public async Task A_file_that_changes_between_scans_is_not_offered_until_it_stops_changing()
    {
        await using var h = await ClientOnlineHarness.StartAsync(realClock: true);
        var source = h.CreateSource(h.SourceSettings(stableFor: TimeSpan.FromMilliseconds(500)));
        var path = h.DropPdf("12345678_jaarrekening.pdf", "part 1");
        (await source.ScanAsync(CancellationToken.None).ToListAsync()).ShouldHaveSingleItem().Waiting.ShouldNotBeNull();
        await Task.Delay(700);
        await File.AppendAllTextAsync(path, "part 2");

        (await source.ScanAsync(CancellationToken.None).ToListAsync()).ShouldHaveSingleItem().Waiting.ShouldNotBeNull(); // changed: the wait starts again

        await Task.Delay(700);
        var document = (await source.ScanAsync(CancellationToken.None).ToListAsync()).ShouldHaveSingleItem();
        await using var content = await document.OpenRead(CancellationToken.None);
        using var reader = new StreamReader(content);
        (await reader.ReadToEndAsync()).ShouldEndWith("part 2");
        document.Metadata.ClientNumberKind.ShouldBe(ClientNumberKind.KvK);
    }
}

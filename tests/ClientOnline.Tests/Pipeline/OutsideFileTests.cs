using System.Diagnostics;
using ConnectorHost.Abstractions.Documents;
using ConnectorHost.Abstractions.Files;
using ConnectorHost.Pipelines;
using ConnectorHost.Plugins.ClientOnline.Folders;
using ConnectorHost.State;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;

namespace ConnectorHost.Plugins.ClientOnline.Tests.Pipeline;

/// <summary>
/// What the field does to a source folder (FH-1, FH-2, FH-3, FH-10), through the real folder source, the host's runner
/// and the sandbox portal: a named pipe, a second hard link, a missing folder, a half-written XBRL file.
/// </summary>
public sealed class OutsideFileTests
{
    /// <summary>A run that blocks on a file fails the test here instead of hanging it.</summary>
    private static readonly TimeSpan RunDeadline = TimeSpan.FromSeconds(30);

    [Fact]
    [Trait("Req", "FH-1")]
    public async Task A_named_pipe_in_the_source_folder_is_refused_unopened_and_the_PDFs_after_it_are_submitted()
    {
        await using var h = await ClientOnlineHarness.StartAsync();
        Run("mkfifo", Path.Combine(h.PdfIn, "12345678_a.pdf"));
        h.DropPdf("12345678_b.pdf");
        var runner = h.Runner();

        var (_, summary) = await runner.RunOnceAsync(CancellationToken.None).WaitAsync(RunDeadline);
        await runner.RunOnceAsync(CancellationToken.None).WaitAsync(RunDeadline);

        summary.ShouldContain("1 refused");
        h.Portal.State.Submissions.ShouldHaveSingleItem().FileName.ShouldBe("12345678_b.pdf");
        var pipe = (await h.LedgerAsync()).Single(e => e.FileName == "12345678_a.pdf");
        pipe.Status.ShouldBe(LedgerStatus.Refused);
        pipe.Reason.ShouldNotBeNull().ShouldContain("is a named pipe (FIFO), not a regular file; it is not opened");
        ClientOnlineHarness.FilesIn(h.Error).ShouldBe(["12345678_a.pdf", "12345678_a.pdf.reason.txt"]);
        OutsideFile.Inspect(Path.Combine(h.Error, "12345678_a.pdf")).Type.ShouldBe(OutsideFileType.Fifo);
    }

    [Fact]
    [Trait("Req", "FH-1")]
    public async Task Opening_a_named_pipe_or_a_device_as_an_outside_file_is_refused_at_once_and_never_waits_for_a_writer()
    {
        var folder = Directory.CreateTempSubdirectory("outside-file-").FullName;
        try
        {
            var pipe = Path.Combine(folder, "pipe");
            Run("mkfifo", pipe);

            var refused = await Task.Run(() => Should.Throw<OutsideFileRefusedException>(() => OutsideFile.OpenRead(pipe))).WaitAsync(RunDeadline);
            refused.Message.ShouldContain("'pipe' is a named pipe (FIFO), not a regular file");
            Should.Throw<OutsideFileRefusedException>(() => OutsideFile.OpenRead("/dev/zero")).Message.ShouldContain("is a character device");
            (await Should.ThrowAsync<OutsideFileRefusedException>(OutsideFile.ReadAllBytesAsync(pipe, 1024, TimeSpan.FromSeconds(5)))).Message.ShouldContain("named pipe");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    [Trait("Req", "FH-1")]
    public async Task A_read_that_hangs_while_scanning_is_given_up_after_readTimeout_named_and_the_other_PDFs_are_submitted()
    {
        await using var h = await ClientOnlineHarness.StartAsync();
        using var share = new ManualResetEventSlim(false); // a network share that stopped answering for one file
        var source = HangingSource(h, (name, _) => name == "12345678_a.pdf", share);
        var a = h.DropPdf("12345678_a.pdf");
        h.DropPdf("12345678_b.pdf");
        var runner = h.Runner(source, h.CreateTarget());

        var hung = await Should.ThrowAsync<DocumentSourceUnavailableException>(runner.RunOnceAsync(CancellationToken.None).WaitAsync(RunDeadline));
        hung.Message.ShouldContain($"reading '{a}' did not finish within 1 s");
        h.Portal.State.Submissions.ShouldHaveSingleItem().FileName.ShouldBe("12345678_b.pdf");

        var still = await Should.ThrowAsync<DocumentSourceUnavailableException>(runner.RunOnceAsync(CancellationToken.None).WaitAsync(RunDeadline));
        still.Message.ShouldContain($"reading '{a}' has not finished since"); // not read a second time while the first read hangs

        share.Set();
        await RunUntilAsync(runner, () => h.Portal.State.Submissions.Count == 2);
        h.Portal.State.Submissions.Select(s => s.FileName).Order(StringComparer.Ordinal).ShouldBe(["12345678_a.pdf", "12345678_b.pdf"]);
    }

    [Fact]
    [Trait("Req", "FH-1")]
    public async Task A_read_of_the_content_at_submission_that_hangs_is_given_up_after_readTimeout_and_the_file_is_submitted_once_it_answers()
    {
        await using var h = await ClientOnlineHarness.StartAsync();
        using var share = new ManualResetEventSlim(false);
        var opens = 0;
        // The scan reads the PDF's head and end; the second open is the host reading the content to submit it.
        var source = HangingSource(h, (name, _) => name == "12345678_a.pdf" && Interlocked.Increment(ref opens) == 2, share);
        var a = h.DropPdf("12345678_a.pdf");
        var runner = h.Runner(source, h.CreateTarget());

        var (outcome, summary) = await runner.RunOnceAsync(CancellationToken.None).WaitAsync(RunDeadline);

        outcome.ShouldBe(RunOutcome.Succeeded);
        summary.ShouldContain("0 submitted");
        summary.ShouldContain("1 waiting");
        h.Portal.State.Submissions.ShouldBeEmpty();
        (await h.LedgerAsync()).ShouldBeEmpty();
        var reported = await Should.ThrowAsync<DocumentSourceUnavailableException>(runner.RunOnceAsync(CancellationToken.None).WaitAsync(RunDeadline));
        reported.Message.ShouldContain($"reading '{a}' has not finished since"); // the next run reports the read that hangs

        share.Set();
        await RunUntilAsync(runner, () => h.Portal.State.Submissions.Count == 1);
        h.Portal.State.Submissions.ShouldHaveSingleItem().FileName.ShouldBe("12345678_a.pdf");
    }

    [Fact]
    [Trait("Req", "FH-10")]
    public async Task A_source_file_with_a_second_hard_link_is_refused_with_the_reason_and_never_submitted()
    {
        await using var h = await ClientOnlineHarness.StartAsync();
        var outside = h.Combine("elders-op-de-schijf.pdf");
        await File.WriteAllTextAsync(outside, "%PDF-1.4\nnot for the portal\n%%EOF\n");
        Run("ln", outside, Path.Combine(h.PdfIn, "12345678_link.pdf"));
        var runner = h.Runner();

        var (_, summary) = await runner.RunOnceAsync(CancellationToken.None);
        await runner.RunOnceAsync(CancellationToken.None);

        summary.ShouldContain("1 refused");
        h.Portal.State.Submissions.ShouldBeEmpty();
        var entry = (await h.LedgerAsync()).ShouldHaveSingleItem();
        entry.Status.ShouldBe(LedgerStatus.Refused);
        entry.Reason.ShouldNotBeNull().ShouldContain("has 2 hard links");
        ClientOnlineHarness.FilesIn(h.Error).ShouldBe(["12345678_link.pdf", "12345678_link.pdf.reason.txt"]);
    }

    [Fact]
    [Trait("Req", "FH-2")]
    public async Task A_missing_source_folder_is_not_created_fails_the_run_naming_it_and_the_other_folders_go_on()
    {
        await using var h = await ClientOnlineHarness.StartAsync();
        var runner = h.Runner();
        h.DropPdf("12345678_jaarrekening.pdf");
        await runner.RunOnceAsync(CancellationToken.None);
        var pending = (await h.LedgerAsync()).Single(e => e.FileName == "12345678_jaarrekening.pdf");
        pending.Status.ShouldBe(LedgerStatus.Pending);

        Directory.Delete(h.PdfIn, recursive: true); // the share is unmounted under the running connector
        h.Drop(h.XbrlIn, "bad.xbrl", "<x></y>"u8.ToArray());
        var failed = await Should.ThrowAsync<DocumentSourceUnavailableException>(runner.RunOnceAsync(CancellationToken.None));

        failed.Message.ShouldContain($"the folder {h.PdfIn} is missing (an unmounted share?)");
        Directory.Exists(h.PdfIn).ShouldBeFalse();
        (await h.LedgerAsync()).Single(e => e.FileName == "bad.xbrl").Status.ShouldBe(LedgerStatus.Refused); // the other folders were scanned
        (await h.LedgerAsync()).Single(e => e.FileName == "12345678_jaarrekening.pdf").Reason.ShouldNotBeNull()
            .ShouldContain($"its file cannot be reached: the folder {h.PdfIn} is missing");
    }

    [Fact]
    [Trait("Req", "FH-2")]
    public async Task A_pending_document_whose_file_vanished_from_its_folder_gets_a_note_logged_and_audited_once_and_is_put_away_when_it_is_back()
    {
        await using var h = await ClientOnlineHarness.StartAsync();
        var logs = new FakeLogCollector();
        var runner = h.Runner(h.CreateSource(), h.CreateTarget(), logger: new FakeLogger<DocumentPipelineRunner>(logs));
        var path = h.DropPdf("12345678_jaarrekening.pdf");
        await runner.RunOnceAsync(CancellationToken.None);
        var kept = await File.ReadAllBytesAsync(path);
        File.Delete(path); // taken out of "Naar portaal" by hand while the portal still decides

        var (outcome, _) = await runner.RunOnceAsync(CancellationToken.None);
        await runner.RunOnceAsync(CancellationToken.None);

        outcome.ShouldBe(RunOutcome.Succeeded); // the folder is there: nothing is unreachable, the document waits for its decision
        var entry = (await h.LedgerAsync()).ShouldHaveSingleItem();
        entry.Status.ShouldBe(LedgerStatus.Pending);
        entry.Reason.ShouldNotBeNull().ShouldStartWith($"its file is gone from {h.PdfIn} (moved, renamed or deleted by hand?)");
        entry.Reason.ShouldContain("Put 12345678_jaarrekening.pdf back in that folder to have it put away");
        logs.GetSnapshot().Where(r => r.Message.Contains("is pending at the portal but its file is gone from", StringComparison.Ordinal))
            .ShouldHaveSingleItem().Level.ShouldBe(LogLevel.Warning); // once, not at every run
        (await h.Store.Audit.ListAsync($"document:{entry.Key}", 10, CancellationToken.None)).ShouldContain(a => a.Action == "document-file-gone");

        await File.WriteAllBytesAsync(path, kept);
        File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddMinutes(-1));
        await runner.RunOnceAsync(CancellationToken.None);
        (await h.LedgerAsync()).Single().Reason.ShouldBe($"its file is back in {h.PdfIn}");

        await h.DecideAsync((await h.SingleSubmissionAsync()).Reference, "approve");
        await runner.RunOnceAsync(CancellationToken.None);
        ClientOnlineHarness.FilesIn(h.Approved).ShouldContain("12345678_jaarrekening.pdf");
    }

    [Fact]
    [Trait("Req", "FH-2")]
    public async Task A_missing_outcome_folder_is_not_created_and_createFolders_creates_them_when_asked()
    {
        await using var h = await ClientOnlineHarness.StartAsync();
        Directory.Delete(h.Approved);
        h.DropPdf("12345678_jaarrekening.pdf");

        var failed = await Should.ThrowAsync<DocumentSourceUnavailableException>(h.Runner().RunOnceAsync(CancellationToken.None));
        failed.Message.ShouldContain($"the folder {h.Approved} is missing");
        Directory.Exists(h.Approved).ShouldBeFalse();
        h.Portal.State.Submissions.ShouldBeEmpty(); // nothing of a folder that cannot be put away is submitted

        var settings = h.SourceSettings();
        settings.CreateFolders = true;
        await h.Runner(h.CreateSource(settings), h.CreateTarget()).RunOnceAsync(CancellationToken.None);
        Directory.Exists(h.Approved).ShouldBeTrue();
        h.Portal.State.Submissions.ShouldHaveSingleItem();
    }

    [Fact]
    [Trait("Req", "FH-3")]
    public async Task An_XBRL_file_that_does_not_parse_to_its_end_waits_for_the_writer_and_is_submitted_once_complete()
    {
        await using var h = await ClientOnlineHarness.StartAsync();
        var corpus = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "testdata", "kvk-rpt-jaarverantwoording-2018-nlgaap-micro-current-last.xbrl"));
        var path = Path.Combine(h.XbrlIn, "jaarrekening.xbrl");
        await File.WriteAllTextAsync(path, corpus[..(corpus.Length / 2)]);
        var runner = h.Runner();

        var (_, summary) = await runner.RunOnceAsync(CancellationToken.None);
        summary.ShouldContain("1 waiting");
        (await h.LedgerAsync()).ShouldBeEmpty();

        await File.WriteAllTextAsync(path, corpus);
        await runner.RunOnceAsync(CancellationToken.None);
        h.Portal.State.Submissions.ShouldHaveSingleItem().FileName.ShouldBe("jaarrekening.xbrl");
    }

    [Fact]
    [Trait("Req", "FH-3")]
    public async Task A_run_of_a_fresh_source_counts_a_file_younger_than_stableFor_as_waiting()
    {
        await using var h = await ClientOnlineHarness.StartAsync();
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var path = h.DropPdf("12345678_jaarrekening.pdf");
        File.SetLastWriteTimeUtc(path, clock.GetUtcNow().UtcDateTime);
        var runner = h.Runner(h.CreateSource(h.SourceSettings(stableFor: TimeSpan.FromSeconds(30)), clock), h.CreateTarget());

        var (outcome, summary) = await runner.RunOnceAsync(CancellationToken.None);

        outcome.ToString().ShouldBe("Succeeded");
        summary.ShouldContain("0 submitted");
        summary.ShouldContain("1 waiting");
    }

    /// <summary>
    /// The real folder source with readTimeout 1 s, whose reads of the files <paramref name="hangs"/> picks block until
    /// <paramref name="share"/> answers: a read of a regular file cannot be made to hang here, a network share's can.
    /// </summary>
    private static ClientOnlineFolderSource HangingSource(ClientOnlineHarness h, Func<string, int, bool> hangs, ManualResetEventSlim share)
    {
        var settings = h.SourceSettings();
        settings.ReadTimeout = TimeSpan.FromSeconds(1);
        var source = (ClientOnlineFolderSource)h.CreateSource(settings);
        source.OpenFile = (path, bufferSize) =>
        {
            var file = OutsideFile.OpenRead(path, bufferSize);
            return hangs(Path.GetFileName(path), bufferSize) ? new HangingStream(file, share) : file;
        };
        return source;
    }

    /// <summary>Runs until <paramref name="done"/> (a read given up returns a moment after the share answers).</summary>
    private static async Task RunUntilAsync(DocumentPipelineRunner runner, Func<bool> done)
    {
        for (var attempt = 0; attempt < 50 && !done(); attempt++)
        {
            try
            {
                await runner.RunOnceAsync(CancellationToken.None).WaitAsync(RunDeadline);
            }
            catch (DocumentSourceUnavailableException ex) when (ex.Message.Contains("has not finished since", StringComparison.Ordinal))
            {
                await Task.Delay(100); // the read given up has not returned yet
            }
        }

        done().ShouldBeTrue();
    }

    private static void Run(string command, params string[] args)
    {
        using var process = Process.Start(command, args);
        process.WaitForExit();
        process.ExitCode.ShouldBe(0, $"{command} {string.Join(' ', args)}");
    }
}

/// <summary>A file on a share that stopped answering: every read waits until the share answers again.</summary>
internal sealed class HangingStream(Stream inner, ManualResetEventSlim share) : Stream
{
    public override bool CanRead => true;

    public override bool CanSeek => inner.CanSeek;

    public override bool CanWrite => false;

    public override long Length => inner.Length;

    public override long Position
    {
        get => inner.Position;
        set => inner.Position = value;
    }

    public override int Read(byte[] buffer, int offset, int count)
    {
        share.Wait();
        return inner.Read(buffer, offset, count);
    }

    public override int Read(Span<byte> buffer)
    {
        share.Wait();
        return inner.Read(buffer);
    }

    public override long Seek(long offset, SeekOrigin origin) => inner.Seek(offset, origin);

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }
}

using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text;
using ConnectorHost.Abstractions.Documents;
using ConnectorHost.Pipelines;
using ConnectorHost.Plugins.ClientOnline.Folders;
using ConnectorHost.State;
using Microsoft.Extensions.Logging;

namespace ConnectorHost.Plugins.ClientOnline.Tests.Pipeline;

/// <summary>
/// CO-14 and CO-15: every name the file system allows is put away with its reason file, and a file that cannot be
/// moved never blocks the others; it is retried, noted on the document for the dashboard, and logged once an hour.
/// </summary>
public sealed class PutAwayTests
{
    [Fact]
    [Trait("Req", "CO-14")]
    public async Task A_rejected_file_with_a_255_byte_multibyte_name_is_put_away_with_a_shortened_reason_file()
    {
        await using var h = await ClientOnlineHarness.StartAsync();
        var name = "12345678_" + new string('ë', 121) + ".pdf"; // 9 + 242 + 4 = 255 bytes of UTF-8
        Encoding.UTF8.GetByteCount(name).ShouldBe(255);
        h.DropPdf(name, "long");
        var runner = h.Runner();
        await runner.RunOnceAsync(CancellationToken.None);
        await h.DecideAsync((await h.SingleSubmissionAsync()).Reference, "reject", "De naam is te lang");

        var (outcome, summary) = await runner.RunOnceAsync(CancellationToken.None);

        outcome.ShouldBe(RunOutcome.Succeeded, summary);
        ClientOnlineHarness.FilesIn(h.PdfIn).ShouldBeEmpty();
        var files = ClientOnlineHarness.FilesIn(h.Rejected);
        files.Length.ShouldBe(2);
        files.ShouldContain(name);
        var reasonFile = files.Single(f => f != name);
        reasonFile.ShouldStartWith("12345678_ëëëë");
        reasonFile.ShouldEndWith(".reason.txt");
        Encoding.UTF8.GetByteCount(reasonFile).ShouldBeLessThanOrEqualTo(255);
        var text = await File.ReadAllTextAsync(Path.Combine(h.Rejected, reasonFile));
        text.ShouldContain("De naam is te lang");
        text.ShouldContain("File: " + name);
        (await h.LedgerAsync()).ShouldHaveSingleItem().CompletedAt.ShouldNotBeNull();
    }

    [Fact]
    [Trait("Req", "CO-14")]
    public async Task A_second_file_with_the_same_255_byte_name_gets_a_shortened_numbered_name_too()
    {
        await using var h = await ClientOnlineHarness.StartAsync();
        var name = "12345678_" + new string('ë', 121) + ".pdf";
        var runner = h.Runner();
        foreach (var body in new[] { "first", "second" })
        {
            h.DropPdf(name, body);
            await runner.RunOnceAsync(CancellationToken.None);
            await h.DecideAsync((await h.SubmissionsAsync()).Single(s => s.Status.ToString() == "Pending").Reference, "reject", body);
            await runner.RunOnceAsync(CancellationToken.None);
        }

        var files = ClientOnlineHarness.FilesIn(h.Rejected);
        files.Length.ShouldBe(4);
        files.ShouldAllBe(f => Encoding.UTF8.GetByteCount(f) <= 255);
        files.Count(f => f.EndsWith(".pdf", StringComparison.Ordinal)).ShouldBe(2);
        ClientOnlineHarness.FilesIn(h.PdfIn).ShouldBeEmpty();
    }

    [Fact]
    [Trait("Req", "CO-14")]
    public void A_reason_file_name_is_kept_when_it_fits_and_otherwise_cut_at_a_character_with_a_hash_of_the_whole_name()
    {
        ReasonFileName.For("12345678_a.pdf").ShouldBe("12345678_a.pdf.reason.txt");
        var name = "12345678_" + new string('€', 80) + ".pdf"; // 9 + 240 + 4 = 253 bytes
        var shortened = ReasonFileName.For(name);
        Encoding.UTF8.GetByteCount(shortened).ShouldBeLessThanOrEqualTo(255);
        shortened.ShouldStartWith("12345678_€€€");
        shortened.ShouldMatch(@"~[0-9a-f]{8}\.reason\.txt$");
        ReasonFileName.For(name + "x").ShouldNotBe(shortened); // another name, another hash
    }

    [Fact]
    [Trait("Req", "CO-15")]
    public async Task An_outcome_folder_root_cannot_write_keeps_that_file_while_the_others_are_put_away_and_it_is_logged_once()
    {
        await using var h = await ClientOnlineHarness.StartAsync();
        h.DropPdf("12345678_goed.pdf", "goed");
        h.DropPdf("12345678_af.pdf", "af");
        var log = new ListLogger();
        var runner = h.Runner(h.CreateSource(), h.CreateTarget(), logger: log);
        await runner.RunOnceAsync(CancellationToken.None);
        var submissions = await h.SubmissionsAsync();
        await h.DecideAsync(submissions.Single(s => s.FileName == "12345678_goed.pdf").Reference, "approve");
        await h.DecideAsync(submissions.Single(s => s.FileName == "12345678_af.pdf").Reference, "reject", "Nee");
        Directory.CreateDirectory(h.Approved);
        using (Immutable.Make(h.Approved))
        {
            for (var i = 0; i < 3; i++)
            {
                await runner.RunOnceAsync(CancellationToken.None);
            }

            ClientOnlineHarness.FilesIn(h.PdfIn).ShouldBe(["12345678_goed.pdf"]);
            ClientOnlineHarness.FilesIn(h.Rejected).ShouldBe(["12345678_af.pdf", "12345678_af.pdf.reason.txt"]);
            var stuck = (await h.LedgerAsync()).Single(e => e.FileName == "12345678_goed.pdf");
            (stuck.Status, stuck.CompletedAt).ShouldBe((LedgerStatus.Approved, null));
            stuck.PutAwayProblem.ShouldNotBeNull().ShouldContain("give it write access to the folder");
            var notPutAway = await h.Store.Documents.ListAsync(new LedgerQuery { OnlyNotPutAway = true }, CancellationToken.None);
            notPutAway.ShouldHaveSingleItem().FileName.ShouldBe("12345678_goed.pdf");
            var warnings = log.Lines.Where(l => l.Contains("Could not put 12345678_goed.pdf away", StringComparison.Ordinal)).ToList();
            warnings.ShouldHaveSingleItem().ShouldContain("give it write access to the folder");
            log.Exceptions.ShouldBe(0);
        }

        await runner.RunOnceAsync(CancellationToken.None);

        ClientOnlineHarness.FilesIn(h.Approved).ShouldBe(["12345678_goed.pdf"]);
        var done = (await h.LedgerAsync()).Single(e => e.FileName == "12345678_goed.pdf");
        (done.CompletedAt is not null, done.PutAwayProblem).ShouldBe((true, null));
    }

    [Fact]
    [Trait("Req", "CO-15")]
    public async Task A_refused_file_that_cannot_be_moved_is_not_read_again_at_every_scan_while_its_move_is_retried()
    {
        await using var h = await ClientOnlineHarness.StartAsync();
        h.Drop(h.PdfIn, "12345678_archief.pdf", [0x50, 0x4B, 0x03, 0x04, 1, 2, 3, 4]); // a ZIP named .pdf: refused
        var source = new CountingSource(h.CreateSource());
        var runner = h.Runner(source, h.CreateTarget());
        Directory.CreateDirectory(h.Error);
        using (Immutable.Make(h.Error))
        {
            await runner.RunOnceAsync(CancellationToken.None);
            source.Reads.ShouldBe(1); // hashed once, to record it as refused
            for (var i = 0; i < 3; i++)
            {
                await runner.RunOnceAsync(CancellationToken.None);
            }

            source.Reads.ShouldBe(1, "an unchanged refused file whose move failed is known by its size, times and place; it is not read again");
            ClientOnlineHarness.FilesIn(h.PdfIn).ShouldBe(["12345678_archief.pdf"]);
            var stuck = (await h.LedgerAsync()).ShouldHaveSingleItem();
            (stuck.Status, stuck.CompletedAt).ShouldBe((LedgerStatus.Refused, null));
            stuck.PutAwayProblem.ShouldNotBeNull();
        }

        await runner.RunOnceAsync(CancellationToken.None);

        ClientOnlineHarness.FilesIn(h.PdfIn).ShouldBeEmpty();
        ClientOnlineHarness.FilesIn(h.Error).ShouldContain("12345678_archief.pdf");
        (await h.LedgerAsync()).ShouldHaveSingleItem().CompletedAt.ShouldNotBeNull();
        source.Reads.ShouldBe(1);
    }

    /// <summary>Counts how often the host opens a document's content.</summary>
    private sealed class CountingSource(IDocumentSource inner) : IDocumentSource
    {
        private int _reads;

        public int Reads => _reads;

        public async IAsyncEnumerable<SourceDocument> ScanAsync([EnumeratorCancellation] CancellationToken cancellationToken)
        {
            await foreach (var document in inner.ScanAsync(cancellationToken))
            {
                var open = document.OpenRead;
                yield return document with
                {
                    OpenRead = c =>
                    {
                        Interlocked.Increment(ref _reads);
                        return open(c);
                    },
                };
            }
        }

        public Task CompleteAsync(string locator, DocumentOutcome outcome, CancellationToken cancellationToken) => inner.CompleteAsync(locator, outcome, cancellationToken);
    }

    /// <summary>A folder made immutable with <c>chattr +i</c>: not even root can create a file in it.</summary>
    private sealed class Immutable : IDisposable
    {
        private readonly string _folder;

        private Immutable(string folder) => _folder = folder;

        public static Immutable Make(string folder)
        {
            Chattr("+i", folder);
            var probe = Path.Combine(folder, "probe");
            Should.Throw<UnauthorizedAccessException>(() => File.WriteAllText(probe, "x"), "chattr +i must make the folder unwritable even for root; on this file system it did not");
            return new Immutable(folder);
        }

        public void Dispose() => Chattr("-i", _folder);

        private static void Chattr(string flag, string folder)
        {
            using var chattr = Process.Start(new ProcessStartInfo("chattr", [flag, folder]) { RedirectStandardError = true })!;
            var error = chattr.StandardError.ReadToEnd();
            chattr.WaitForExit();
            chattr.ExitCode.ShouldBe(0, $"chattr {flag} {folder} failed: {error} (the test needs an ext4 or similar file system and root)");
        }
    }

    private sealed class ListLogger : ILogger<DocumentPipelineRunner>
    {
        private readonly List<string> _lines = [];

        public IReadOnlyList<string> Lines
        {
            get
            {
                lock (_lines)
                {
                    return [.. _lines];
                }
            }
        }

        public int Exceptions { get; private set; }

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (_lines)
            {
                _lines.Add(formatter(state, exception));
                Exceptions += exception is null ? 0 : 1;
            }
        }
    }
}

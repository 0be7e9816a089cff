using ConnectorHost.Abstractions.Documents;
using ConnectorHost.Abstractions.Mail;
using ConnectorHost.Composition;
using ConnectorHost.Pipelines;
using ConnectorHost.Plugins;
using ConnectorHost.State.Sqlite;
using ConnectorHost.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace ConnectorHost.Tests.Samples;

/// <summary>The sample plugin's folder source, loaded from the built plugin and configured from YAML, as a third party's would be.</summary>
[Trait("Req", "H-4")]
public sealed class SampleFolderSourceTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);
    private readonly IDocumentSource _source;

    public SampleFolderSourceTests()
    {
        _source = Create("{ folder: inbox, doneFolder: done, errorFolder: error, stableFor: 10s }");
        Directory.CreateDirectory(_folder.Combine("inbox"));
        Directory.CreateDirectory(_folder.Combine("done"));
        Directory.CreateDirectory(_folder.Combine("error"));
    }

    /// <summary>A source of the built plugin, from its settings as written in the YAML.</summary>
    private IDocumentSource Create(string settings)
    {
        var file = _folder.Combine("connectorhost.yaml");
        File.WriteAllText(file, $"""
            host:
              dataFolder: data
              plugins: {Path.Combine(RepoRoot.Find(), "artifacts", "plugins")}
            pipelines:
              - name: samples
                every: 1m
                source:
                  type: samples.folder
                  settings: {settings}
                target:
                  type: samples.copy
                  settings: {"{"} folder: portal {"}"}
            """);
        var session = ConfigurationSession.Open(file, new McMasterPluginLoader(), lenient: false);
        var pipeline = session.Configuration.Pipelines.Single();
        var store = new SqliteStateStore(_folder.Combine("data", "state.db"), _clock);
        var context = new ComponentContext("samples", session.Configuration, NullLoggerFactory.Instance, _clock, store, new NoMail());
        return (IDocumentSource)pipeline.Source!.Factory.Create(pipeline.Source.Settings, context);
    }

    public void Dispose() => _folder.Dispose();

    private async Task<List<SourceDocument>> Scan()
    {
        var documents = new List<SourceDocument>();
        await foreach (var document in _source.ScanAsync(CancellationToken.None))
        {
            documents.Add(document);
        }

        return documents;
    }

    private void Drop(string name, string content)
    {
        var path = _folder.Combine("inbox", name);
        File.WriteAllText(path, content);
        File.SetLastWriteTimeUtc(path, _clock.GetUtcNow().UtcDateTime);
    }

    [Fact]
    [Trait("Req", "FH-2")]
    public async Task A_missing_folder_is_not_created_and_the_scan_fails_naming_it_unless_createFolders_is_on()
    {
        var source = Create("{ folder: share/inbox, doneFolder: share/done, errorFolder: share/error }");

        var failed = await Should.ThrowAsync<DocumentSourceUnavailableException>(async () =>
        {
            await foreach (var _ in source.ScanAsync(CancellationToken.None))
            {
            }
        });

        failed.Message.ShouldContain($"the folder {_folder.Combine("share", "inbox")} is missing (an unmounted share?)");
        failed.Message.ShouldContain($"the folder {_folder.Combine("share", "done")} is missing");
        failed.Message.ShouldContain("createFolders: true");
        failed.Locations.ShouldBe([_folder.Combine("share", "inbox")]);
        Directory.Exists(_folder.Combine("share")).ShouldBeFalse("nothing was created");
        source.WatchForChanges(() => { }).ShouldBeNull();

        var creating = Create("{ folder: share/inbox, doneFolder: share/done, errorFolder: share/error, createFolders: true }");
        await foreach (var _ in creating.ScanAsync(CancellationToken.None))
        {
        }

        Directory.Exists(_folder.Combine("share", "inbox")).ShouldBeTrue();
        Directory.Exists(_folder.Combine("share", "done")).ShouldBeTrue();
        Directory.Exists(_folder.Combine("share", "error")).ShouldBeTrue();
    }

    [Fact]
    [Trait("Req", "FH-2")]
    public async Task A_missing_outcome_folder_is_not_created_at_put_away_and_the_file_stays_for_a_later_run()
    {
        Drop("12345678_a.pdf", "content");
        Directory.Delete(_folder.Combine("done"));
        var locator = _folder.Combine("inbox", "12345678_a.pdf");

        var failed = await Should.ThrowAsync<DocumentSourceUnavailableException>(
            () => _source.CompleteAsync(locator, new DocumentOutcome(DocumentOutcomeKind.Approved, "approved"), CancellationToken.None));

        failed.Message.ShouldContain($"the folder {_folder.Combine("done")} is missing");
        Directory.Exists(_folder.Combine("done")).ShouldBeFalse();
        File.Exists(locator).ShouldBeTrue("not put away: the host tries again at a later run");
    }

    [Fact]
    [Trait("Req", "FH-1")]
    [Trait("Req", "FH-10")]
    public async Task A_named_pipe_or_a_hard_linked_file_is_refused_unopened_with_the_reason_and_put_away_to_the_error_folder()
    {
        Run("mkfifo", _folder.Combine("inbox", "12345678_pipe.pdf"));
        var outside = _folder.Combine("elders.pdf");
        await File.WriteAllTextAsync(outside, "not for the portal");
        Run("ln", outside, _folder.Combine("inbox", "12345678_link.pdf"));
        _clock.Advance(TimeSpan.FromSeconds(11));

        var documents = await Scan().WaitAsync(TimeSpan.FromSeconds(30)); // a pipe opened would block here

        documents.Select(d => d.FileName).ShouldBe(["12345678_link.pdf", "12345678_pipe.pdf"]);
        documents[0].Refusal.ShouldNotBeNull().Reason.ShouldContain("has 2 hard links");
        documents[1].Refusal.ShouldNotBeNull().Reason.ShouldContain("is a named pipe (FIFO), not a regular file; it is not opened");
        await using (var content = await documents[1].OpenRead(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30)))
        {
            new StreamReader(content).ReadToEnd().ShouldStartWith("Fifo links=1"); // what it is, not its bytes
        }

        await _source.CompleteAsync(documents[1].Locator, new DocumentOutcome(DocumentOutcomeKind.Refused, documents[1].Refusal!.Reason), CancellationToken.None);
        File.Exists(_folder.Combine("error", "12345678_pipe.pdf")).ShouldBeTrue();
        (await File.ReadAllTextAsync(_folder.Combine("error", "12345678_pipe.pdf.reason.txt"))).ShouldContain("named pipe");
    }

    [Fact]
    public async Task A_file_is_offered_only_once_it_has_been_unchanged_for_stable_for()
    {
        Drop("12345678_a.pdf", "content");

        (await Scan()).ShouldBeEmpty();
        _clock.Advance(TimeSpan.FromSeconds(11));
        var document = (await Scan()).ShouldHaveSingleItem();

        document.FileName.ShouldBe("12345678_a.pdf");
        document.Metadata.ClientNumber.ShouldBe("12345678");
        await using var stream = await document.OpenRead(CancellationToken.None);
        new StreamReader(stream).ReadToEnd().ShouldBe("content");
    }

    [Fact]
    public async Task Temporary_and_hidden_names_are_never_offered()
    {
        Drop("upload.tmp", "x");
        Drop(".partial", "x");
        _clock.Advance(TimeSpan.FromMinutes(1));

        (await Scan()).ShouldBeEmpty();
    }

    [Fact]
    public async Task Putting_away_moves_the_file_writes_the_reason_and_never_overwrites()
    {
        Directory.CreateDirectory(_folder.Combine("error"));
        File.WriteAllText(_folder.Combine("error", "12345678_a.pdf"), "an older file");
        Drop("12345678_a.pdf", "new");
        var locator = _folder.Combine("inbox", "12345678_a.pdf");

        await _source.CompleteAsync(locator, new DocumentOutcome(DocumentOutcomeKind.Rejected, "De cijfers kloppen niet"), CancellationToken.None);
        await _source.CompleteAsync(locator, new DocumentOutcome(DocumentOutcomeKind.Rejected, "called again after a restart"), CancellationToken.None);

        File.Exists(locator).ShouldBeFalse();
        File.ReadAllText(_folder.Combine("error", "12345678_a.pdf")).ShouldBe("an older file");
        File.ReadAllText(_folder.Combine("error", "12345678_a (1).pdf")).ShouldBe("new");
        File.ReadAllText(_folder.Combine("error", "12345678_a (1).pdf.reason.txt")).ShouldContain("Rejected: De cijfers kloppen niet");
    }

    [Fact]
    public async Task An_approved_file_goes_to_the_done_folder()
    {
        Drop("12345678_a.pdf", "ok");

        await _source.CompleteAsync(_folder.Combine("inbox", "12345678_a.pdf"), new DocumentOutcome(DocumentOutcomeKind.Approved, "approved"), CancellationToken.None);

        File.ReadAllText(_folder.Combine("done", "12345678_a.pdf")).ShouldBe("ok");
    }

    private sealed class NoMail : IMailer
    {
        public Task SendAsync(string templateName, object model, IReadOnlyList<string>? to, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("the folder source sends no mail");
    }

    private static void Run(string command, params string[] args)
    {
        using var process = System.Diagnostics.Process.Start(command, args);
        process.WaitForExit();
        process.ExitCode.ShouldBe(0, $"{command} {string.Join(' ', args)}");
    }
}

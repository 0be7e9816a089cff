using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using ConnectorHost.Abstractions.Documents;
using ConnectorHost.Abstractions.Mail;
using ConnectorHost.Configuration;
using ConnectorHost.Pipelines;
using ConnectorHost.State;
using ConnectorHost.State.Sqlite;
using ConnectorHost.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace ConnectorHost.Tests.Pipelines;

/// <summary>
/// The document pipeline's bookkeeping against a real SQLite ledger, with an in-memory source and portal: never
/// twice, crash recovery by key, retries with back-off, finally failed after the last attempt, credentials refused.
/// </summary>
public sealed class DocumentPipelineRunnerTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero));
    private readonly SqliteStateStore _store;
    private readonly MemorySource _source = new();
    private readonly MemoryPortal _portal = new();
    private readonly RecordingMailer _mailer = new();

    public DocumentPipelineRunnerTests()
    {
        _store = new SqliteStateStore(_folder.Combine("state.db"), _clock);
        _store.MigrateAsync(CancellationToken.None).GetAwaiter().GetResult();
    }

    public void Dispose() => _folder.Dispose();

    private DocumentPipelineRunner Runner(int maxAttempts = 10) => new(
        new PipelineDefinition("docs", new EverySchedule(TimeSpan.FromMinutes(1)), null, null, null) { MaxAttempts = maxAttempts, FirstRetryDelay = TimeSpan.FromSeconds(30), MaxRetryDelay = TimeSpan.FromMinutes(30), PollEvery = TimeSpan.Zero },
        _source,
        _portal,
        _store.Documents,
        _mailer,
        _clock,
        NullLogger<DocumentPipelineRunner>.Instance);

    [Fact]
    [Trait("Req", "CO-7")]
    public async Task A_document_is_submitted_once_and_put_away_after_approval()
    {
        _source.Add("in/12345678_jaarrekening.pdf", "%PDF-1.7 content");
        var runner = Runner();

        await runner.RunOnceAsync(CancellationToken.None);
        await runner.RunOnceAsync(CancellationToken.None);

        _portal.Submissions.Count.ShouldBe(1);
        _source.Completed.ShouldBeEmpty();
        _portal.Decide(_portal.Submissions.Keys.Single(), SubmissionState.Approved);
        await runner.RunOnceAsync(CancellationToken.None);

        _source.Completed.ShouldHaveSingleItem().ShouldBe(("in/12345678_jaarrekening.pdf", DocumentOutcomeKind.Approved));
        var entry = (await _store.Documents.ListAsync(new LedgerQuery("docs"), CancellationToken.None)).ShouldHaveSingleItem();
        entry.Status.ShouldBe(LedgerStatus.Approved);
        entry.CompletedAt.ShouldNotBeNull();
        // printf '%%PDF-1.7 content' > c; { sha256sum < c | xxd -r -p; printf '%s' 12345678_jaarrekening.pdf | sha256sum | xxd -r -p; } | sha256sum
        entry.Key.ShouldBe("7912a4f38c3af53515518cf60c3d643b363c67be309e175053e7c7178011f75e");
        entry.KeyVersion.ShouldBe(2);
        // printf '%%PDF-1.7 content' | sha256sum
        entry.ContentSha256.ShouldBe("d274f10f823f4da5c383bedc6bf03b4aed26b05f8306cf082b8402ae78a456a5");
    }

    [Fact]
    [Trait("Req", "CO-2")]
    public async Task A_copy_of_a_handled_document_is_put_away_as_a_duplicate_naming_the_first()
    {
        _source.Add("in/12345678_a.pdf", "same");
        var runner = Runner();
        await runner.RunOnceAsync(CancellationToken.None);
        _portal.Decide(_portal.Submissions.Keys.Single(), SubmissionState.Approved);
        await runner.RunOnceAsync(CancellationToken.None);

        _source.Add("copy/12345678_a.pdf", "same");
        _source.Add("in/12345678_b.pdf", "same"); // other name: another document (CO-7)
        await runner.RunOnceAsync(CancellationToken.None);

        _portal.Submissions.Count.ShouldBe(2);
        _source.Completed.ShouldContain(("copy/12345678_a.pdf", DocumentOutcomeKind.Duplicate));
        _source.Reasons["copy/12345678_a.pdf"].ShouldContain("in/12345678_a.pdf");
    }

    [Fact]
    [Trait("Req", "CO-9")]
    public async Task A_document_not_found_at_first_is_submitted_anew_when_offered_again()
    {
        _source.Add("in/99999999_a.pdf", "a");
        _portal.UnknownClients.Add("99999999");
        var runner = Runner();
        await runner.RunOnceAsync(CancellationToken.None);
        _source.Completed.ShouldHaveSingleItem().Kind.ShouldBe(DocumentOutcomeKind.ClientNotFound);

        _portal.UnknownClients.Clear(); // the office adds the client to the portal and puts the file back
        _source.Add("in/99999999_a.pdf", "a");
        await runner.RunOnceAsync(CancellationToken.None);

        var key = DocumentKey.Compute("a"u8, "99999999_a.pdf");
        _portal.Submissions[key + "-1"].State.ShouldBe(SubmissionState.Pending);
        var entry = (await _store.Documents.GetAsync(key, CancellationToken.None))!;
        (entry.Status, entry.Generation, entry.CompletedAt).ShouldBe((LedgerStatus.Pending, 1, null));
    }

    [Fact]
    public async Task After_a_crash_between_submit_and_record_the_portal_is_asked_by_key_instead_of_submitting_again()
    {
        // The state a kill leaves behind after the portal accepted the document but before the ledger heard back.
        _source.Add("in/12345678_a.pdf", "content");
        var key = DocumentKey.Compute("content"u8, "12345678_a.pdf");
        var now = _clock.GetUtcNow();
        await _store.Documents.InsertIfNewAsync(new LedgerEntry { Key = key, Pipeline = "docs", Locator = "in/12345678_a.pdf", FileName = "12345678_a.pdf", Status = LedgerStatus.Submitting, CreatedAt = now, UpdatedAt = now }, CancellationToken.None);
        _portal.Submissions[key] = new SubmissionStatus(SubmissionState.Pending, null, "ref-1");

        await Runner().RunOnceAsync(CancellationToken.None);

        _portal.SubmitCalls.ShouldBe(0);
        _portal.FindCalls.ShouldBeGreaterThan(0);
        var entry = (await _store.Documents.GetAsync(key, CancellationToken.None))!;
        entry.Status.ShouldBe(LedgerStatus.Pending);
        entry.PortalReference.ShouldBe("ref-1");
    }

    [Fact]
    public async Task After_a_crash_before_the_portal_received_it_the_document_is_submitted()
    {
        _source.Add("in/12345678_a.pdf", "content");
        var key = DocumentKey.Compute("content"u8, "12345678_a.pdf");
        var now = _clock.GetUtcNow();
        await _store.Documents.InsertIfNewAsync(new LedgerEntry { Key = key, Pipeline = "docs", Locator = "in/12345678_a.pdf", FileName = "12345678_a.pdf", Status = LedgerStatus.Submitting, CreatedAt = now, UpdatedAt = now }, CancellationToken.None);

        await Runner().RunOnceAsync(CancellationToken.None);

        _portal.SubmitCalls.ShouldBe(1);
        _portal.Submissions.Keys.ShouldBe([key]);
    }

    [Fact]
    [Trait("Req", "CO-12")]
    public async Task Failed_attempts_back_off_and_the_last_one_finally_fails_with_a_mail()
    {
        _source.Add("in/12345678_a.pdf", "content");
        _portal.FailWith = new TransientFailureException("HTTP 503 from the portal");
        var runner = Runner(maxAttempts: 3);

        await runner.RunOnceAsync(CancellationToken.None);
        await runner.RunOnceAsync(CancellationToken.None); // too early: waits for the back-off
        _portal.SubmitCalls.ShouldBe(1);
        var entry = (await _store.Documents.ListAsync(new LedgerQuery("docs"), CancellationToken.None)).Single();
        entry.Status.ShouldBe(LedgerStatus.Retrying);
        entry.NextAttemptAt.ShouldBe(_clock.GetUtcNow() + TimeSpan.FromSeconds(30));

        _clock.Advance(TimeSpan.FromSeconds(30));
        await runner.RunOnceAsync(CancellationToken.None);
        (await _store.Documents.GetAsync(entry.Key, CancellationToken.None))!.NextAttemptAt.ShouldBe(_clock.GetUtcNow() + TimeSpan.FromSeconds(60));
        _clock.Advance(TimeSpan.FromSeconds(60));
        await runner.RunOnceAsync(CancellationToken.None);

        _portal.SubmitCalls.ShouldBe(3);
        var failed = (await _store.Documents.GetAsync(entry.Key, CancellationToken.None))!;
        failed.Status.ShouldBe(LedgerStatus.FinallyFailed);
        failed.Attempts.ShouldBe(3);
        _source.Completed.ShouldHaveSingleItem().ShouldBe(("in/12345678_a.pdf", DocumentOutcomeKind.FinallyFailed));
        _source.Reasons["in/12345678_a.pdf"].ShouldContain("HTTP 503 from the portal");
        _mailer.Sent.ShouldHaveSingleItem().Template.ShouldBe("document-finally-failed");
    }

    [Fact]
    public async Task Refused_credentials_fail_the_run_count_no_attempt_and_move_nothing()
    {
        _source.Add("in/12345678_a.pdf", "content");
        _portal.FailWith = new TargetAuthenticationException("wrong password for user office");

        var (outcome, summary) = await Runner().RunOnceAsync(CancellationToken.None);

        outcome.ShouldBe(RunOutcome.Failed);
        summary.ShouldContain("refused the credentials");
        _source.Completed.ShouldBeEmpty();
        var entry = (await _store.Documents.ListAsync(new LedgerQuery("docs"), CancellationToken.None)).Single();
        entry.Attempts.ShouldBe(0);

        _portal.FailWith = null;
        await Runner().RunOnceAsync(CancellationToken.None);
        _portal.Submissions.Count.ShouldBe(1);
    }

    [Fact]
    [Trait("Req", "CO-9")]
    public async Task Client_not_found_and_rejection_are_put_away_with_the_portal_reason()
    {
        _source.Add("in/99999999_a.pdf", "a");
        _source.Add("in/12345678_b.pdf", "b");
        _portal.UnknownClients.Add("99999999");
        var runner = Runner();
        await runner.RunOnceAsync(CancellationToken.None);
        _portal.Decide(_portal.Submissions.Single(s => s.Value.State == SubmissionState.Pending).Key, SubmissionState.Rejected, "De cijfers kloppen niet");

        await runner.RunOnceAsync(CancellationToken.None);

        _source.Completed.ShouldBe([("in/99999999_a.pdf", DocumentOutcomeKind.ClientNotFound), ("in/12345678_b.pdf", DocumentOutcomeKind.Rejected)], ignoreOrder: true);
        _source.Reasons["in/12345678_b.pdf"].ShouldBe("De cijfers kloppen niet");
    }

    [Fact]
    [Trait("Req", "CO-13")]
    public async Task The_host_alone_keeps_a_replaced_file_from_being_put_away_on_the_old_documents_outcome()
    {
        // This source moves whatever is at the locator and checks nothing itself: only the host's own check
        // (a newer document recorded at the same place) stands between the old outcome and the new file.
        _source.Add("in/12345678_x.pdf", "%PDF-1.7 version A");
        var runner = Runner();
        await runner.RunOnceAsync(CancellationToken.None);
        var first = _portal.Submissions.Keys.ShouldHaveSingleItem();
        _source.Add("in/12345678_x.pdf", "%PDF-1.7 version B, replaced while A was pending");
        await runner.RunOnceAsync(CancellationToken.None);
        _portal.Submissions.Count.ShouldBe(2);

        _portal.Decide(first, SubmissionState.Approved);
        await runner.RunOnceAsync(CancellationToken.None);

        _source.Completed.ShouldBeEmpty();
        var old = (await _store.Documents.GetAsync(first, CancellationToken.None)).ShouldNotBeNull();
        (old.Status, old.CompletedAt is not null).ShouldBe((LedgerStatus.Approved, true));
        old.Reason.ShouldNotBeNull().ShouldContain(DocumentPipelineRunner.ChangedNote);

        _portal.Decide(_portal.Submissions.Keys.Single(k => k != first), SubmissionState.Approved);
        await runner.RunOnceAsync(CancellationToken.None);
        _source.Completed.ShouldBe([("in/12345678_x.pdf", DocumentOutcomeKind.Approved)]);
    }

    [Theory]
    [Trait("Req", "H-4")]
    [InlineData("transient", "the source could not be read (the share \\\\nas\\scans is not mounted)", "Pipeline docs: the source could not be read: the share \\\\nas\\scans is not mounted.", false)]
    [InlineData("credentials", "the source refused the credentials", "Pipeline docs: the source refused the credentials (the document service refused the API key).", false)]
    [InlineData("bug", "the source failed: Object reference not set", "Pipeline docs: the source failed while it was read (NullReferenceException: Object reference not set", true)]
    public async Task A_source_that_throws_fails_the_run_with_a_message_that_blames_the_source_not_the_portal(string kind, string summary, string logged, bool withStackTrace)
    {
        _source.ScanFailure = kind switch
        {
            "transient" => new TransientFailureException("the share \\\\nas\\scans is not mounted"),
            "credentials" => new TargetAuthenticationException("the document service refused the API key"),
            _ => new NullReferenceException("Object reference not set to an instance of an object."),
        };
        var logs = new Microsoft.Extensions.Logging.Testing.FakeLogger<DocumentPipelineRunner>();
        var runner = new DocumentPipelineRunner(
            new PipelineDefinition("docs", new EverySchedule(TimeSpan.FromMinutes(1)), null, null, null) { PollEvery = TimeSpan.Zero },
            _source, _portal, _store.Documents, _mailer, _clock, logs);

        var (outcome, runSummary) = await runner.RunOnceAsync(CancellationToken.None);

        outcome.ShouldBe(RunOutcome.Failed);
        runSummary.ShouldStartWith(summary);
        var line = logs.Collector.GetSnapshot().ShouldHaveSingleItem();
        line.Message.ShouldStartWith(logged);
        line.Message.ShouldNotContain("portal");
        (line.Exception is not null).ShouldBe(withStackTrace);
        _portal.SubmitCalls.ShouldBe(0);
    }

    [Fact]
    [Trait("Req", "CO-8")]
    public async Task A_pending_document_is_asked_at_every_run_a_polling_interval_apart_however_long_its_calls_take()
    {
        _source.Add("in/12345678_jaarrekening.pdf", "%PDF-1.7 content");
        _portal.CallTakes = (_clock, TimeSpan.FromSeconds(20)); // every call answers 20 s later on the clock
        var runner = new DocumentPipelineRunner(
            new PipelineDefinition("docs", new EverySchedule(TimeSpan.FromMinutes(1)), null, null, null) { PollEvery = TimeSpan.FromMinutes(1) },
            _source, _portal, _store.Documents, _mailer, _clock, NullLogger<DocumentPipelineRunner>.Instance);
        var start = _clock.GetUtcNow();

        await runner.RunOnceAsync(CancellationToken.None); // submitted, pending: answered 20 s into the run
        _clock.SetUtcNow(start + TimeSpan.FromMinutes(1));
        await runner.RunOnceAsync(CancellationToken.None);
        var first = _portal.FindCalls;
        _clock.SetUtcNow(start + TimeSpan.FromMinutes(2));
        await runner.RunOnceAsync(CancellationToken.None);
        var second = _portal.FindCalls;
        _clock.SetUtcNow(start + TimeSpan.FromMinutes(2.5));
        await runner.RunOnceAsync(CancellationToken.None); // woken by a new file half-way: not asked again

        _portal.SubmitCalls.ShouldBe(1);
        first.ShouldBe(1, "the run a minute after the submission asks, though the submission was answered 20 s into its run");
        second.ShouldBe(2, "and so does the next, though the last answer came 20 s into its run");
        _portal.FindCalls.ShouldBe(2, "a run between two polling intervals does not ask");
    }

    private sealed class MemorySource : IDocumentSource
    {
        private readonly ConcurrentDictionary<string, byte[]> _files = new();

        public List<(string Locator, DocumentOutcomeKind Kind)> Completed { get; } = [];

        public Dictionary<string, string> Reasons { get; } = [];

        public Exception? ScanFailure { get; set; }

        public void Add(string locator, string content) => _files[locator] = System.Text.Encoding.UTF8.GetBytes(content);

        public async IAsyncEnumerable<SourceDocument> ScanAsync([EnumeratorCancellation] CancellationToken cancellationToken)
        {
            if (ScanFailure is { } failure)
            {
                throw failure;
            }

            foreach (var (locator, content) in _files.OrderBy(f => f.Key, StringComparer.Ordinal))
            {
                var name = Path.GetFileName(locator);
                yield return new SourceDocument(locator, name, new DocumentMetadata { ClientNumber = name.Split('_')[0], ClientNumberKind = ClientNumberKind.KvK, DocumentType = "jaarrekening" }, _ => Task.FromResult<Stream>(new MemoryStream(content)));
                await Task.Yield();
            }
        }

        public Task CompleteAsync(string locator, DocumentOutcome outcome, CancellationToken cancellationToken)
        {
            if (_files.TryRemove(locator, out _))
            {
                Completed.Add((locator, outcome.Kind));
                Reasons[locator] = outcome.Reason;
            }

            return Task.CompletedTask;
        }
    }

    private sealed class MemoryPortal : IAccordeerTarget
    {
        public ConcurrentDictionary<string, SubmissionStatus> Submissions { get; } = new();

        public HashSet<string> UnknownClients { get; } = [];

        public Exception? FailWith { get; set; }

        public int SubmitCalls { get; private set; }

        public int FindCalls { get; private set; }

        /// <summary>A clock that each call moves on by the time the call takes.</summary>
        public (FakeTimeProvider Clock, TimeSpan Time)? CallTakes { get; set; }

        public void Decide(string key, SubmissionState state, string? reason = null) => Submissions[key] = new SubmissionStatus(state, reason, key[..8]);

        public Task<SubmissionStatus> SubmitAsync(DocumentSubmission submission, CancellationToken cancellationToken)
        {
            SubmitCalls++;
            CallTakes?.Clock.Advance(CallTakes.Value.Time);
            if (FailWith is not null)
            {
                throw FailWith;
            }

            var status = UnknownClients.Contains(submission.Metadata.ClientNumber)
                ? new SubmissionStatus(SubmissionState.ClientNotFound, $"no client with KvK number {submission.Metadata.ClientNumber}")
                : Submissions.GetOrAdd(submission.IdempotencyKey, k => new SubmissionStatus(SubmissionState.Pending, null, k[..8]));
            Submissions[submission.IdempotencyKey] = status;

            return Task.FromResult(status);
        }

        public Task<SubmissionStatus?> FindAsync(string idempotencyKey, CancellationToken cancellationToken)
        {
            FindCalls++;
            CallTakes?.Clock.Advance(CallTakes.Value.Time);
            return Task.FromResult(Submissions.TryGetValue(idempotencyKey, out var status) ? status : null);
        }
    }

    private sealed class RecordingMailer : IMailer
    {
        public List<(string Template, object Model)> Sent { get; } = [];

        public Task SendAsync(string templateName, object model, IReadOnlyList<string>? to, CancellationToken cancellationToken)
        {
            Sent.Add((templateName, model));
            return Task.CompletedTask;
        }
    }
}

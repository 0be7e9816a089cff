using System.Collections.Concurrent;
using ConnectorHost.Abstractions.Documents;
using ConnectorHost.Abstractions.Mail;
using ConnectorHost.Abstractions.State;
using ConnectorHost.Configuration;
using ConnectorHost.Mail;
using ConnectorHost.State;
using Microsoft.Extensions.Logging;

namespace ConnectorHost.Pipelines;

/// <summary>
/// One run of a document pipeline: offer new documents to the target, poll pending ones, put decided ones away.
/// Every step is written to the ledger before the next, so a crash anywhere resumes without loss and without a
/// second submission: "submitting" is recorded before the call and, after a crash, the target is asked by key.
/// Submissions and status calls run with at most <see cref="PipelineDefinition.MaxInFlight"/> at a time; a document
/// whose locator and version the ledger holds as pending is not read again (an idle run reads no content).
/// </summary>
internal sealed partial class DocumentPipelineRunner(
    PipelineDefinition pipeline,
    IDocumentSource source,
    IAccordeerTarget target,
    IDocumentLedger ledger,
    IMailer mailer,
    TimeProvider clock,
    ILogger<DocumentPipelineRunner> logger,
    IAuditLog? audit = null) : IPipelineRunner
{
    /// <summary>The note recorded with an outcome whose file was changed after submission (CO-13).</summary>
    internal const string ChangedNote = "the file was changed after it was submitted; the new content is its own document";

    /// <summary>How the note on a pending document whose file vanished begins (its folder still there).</summary>
    internal const string FileGoneNote = "its file is gone from ";

    private readonly PollBook _polls = new();
    private readonly PutAwayProblems _putAwayProblems = new(TimeSpan.FromHours(1));
    private readonly ConcurrentDictionary<string, byte> _inFlight = new(StringComparer.Ordinal);
    private readonly PortalCalls _calls = new(pipeline.MaxInFlight);
    private readonly ConcurrentDictionary<string, string> _waitingNoted = new(StringComparer.Ordinal);

    /// <summary>
    /// When the current run started: a status learnt in a run counts as known from then (CO-8), so the run that starts
    /// <c>pollEvery</c> later asks again; counted from the answer, a run as frequent as <c>pollEvery</c> asked only every
    /// other run, those answered late in one run not being due at the next. Runs of one pipeline never overlap.
    /// </summary>
    private DateTimeOffset _runStarted;

    /// <summary>
    /// The "pending" records of this run's submissions, written without holding up the next submission and awaited
    /// before the scan ends. Not durable yet is safe: an entry still "submitting" after a crash is asked about by key.
    /// </summary>
    private readonly ConcurrentQueue<Task> _pendingRecords = new();

    public string Name => pipeline.Name;

    public IDisposable? Watch(Action wake) => source.WatchForChanges(wake);

    public async Task<(RunOutcome Outcome, string Summary)> RunOnceAsync(CancellationToken cancellationToken)
    {
        var counts = new DocumentRunCounts();
        var runStarted = clock.GetUtcNow();
        _runStarted = runStarted;
        DocumentSourceUnavailableException? unavailable = null;
        try
        {
            try
            {
                await ScanAsync(runStarted, counts, cancellationToken).ConfigureAwait(false);
            }
            catch (DocumentSourceUnavailableException ex)
            {
                // Part of the source cannot be reached (FH-2): the rest of the run goes on, and the run fails for it.
                unavailable = ex;
                await NoteUnreachableAsync(ex, cancellationToken).ConfigureAwait(false);
            }

            await PollAsync(runStarted, counts, cancellationToken).ConfigureAwait(false);
            await PutAwayDecidedAsync(counts, cancellationToken).ConfigureAwait(false);
        }
        catch (TargetAuthenticationException ex)
        {
            LogCredentialsRefused(pipeline.Name, ex.Message);
            return (RunOutcome.Failed, $"the portal refused the credentials; {counts}");
        }
        catch (SourceFailure failure) when (failure.InnerException is TransientFailureException)
        {
            LogSourceUnavailable(pipeline.Name, failure.Message);
            return (RunOutcome.Failed, $"the source could not be read ({failure.Message}); {counts}");
        }
        catch (SourceFailure failure) when (failure.InnerException is TargetAuthenticationException)
        {
            LogSourceCredentialsRefused(pipeline.Name, failure.Message);
            return (RunOutcome.Failed, $"the source refused the credentials; {counts}");
        }
        catch (SourceFailure failure)
        {
            LogSourceFailed(failure.InnerException!, pipeline.Name, failure.InnerException!.GetType().Name, failure.Message);
            return (RunOutcome.Failed, $"the source failed: {failure.Message}; {counts}");
        }

        if (unavailable is not null)
        {
            throw new DocumentSourceUnavailableException($"{unavailable.Message}; {counts}", unavailable.Locations);
        }

        return (counts.Failures > 0 ? RunOutcome.PartlyFailed : RunOutcome.Succeeded, counts.ToString());
    }

    private async Task ScanAsync(DateTimeOffset now, DocumentRunCounts counts, CancellationToken cancellationToken)
    {
        var known = await KnownVersions.LoadAsync(ledger, pipeline.Name, cancellationToken).ConfigureAwait(false);
        var version1Keys = (await ledger.ListAsync(new LedgerQuery(pipeline.Name, Limit: 1) { KeyVersion = 1 }, cancellationToken).ConfigureAwait(false)).Count > 0;
        // Twice as many documents in hand as calls at once: the next ones are read and recorded while others call.
        using var work = new BoundedWork(pipeline.MaxInFlight * 2, cancellationToken);
        DocumentSourceUnavailableException? unavailable = null;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var complete = false;
        try
        {
            complete = await ScanDocumentsAsync(now, known, version1Keys, work, counts, seen, cancellationToken).ConfigureAwait(false);
        }
        catch (DocumentSourceUnavailableException ex)
        {
            unavailable = ex; // thrown after what could be scanned: that work is finished first
        }

        try
        {
            await work.WhenAllAsync().ConfigureAwait(false);
        }
        finally
        {
            var records = new List<Task>();
            while (_pendingRecords.TryDequeue(out var record))
            {
                records.Add(record);
            }

            await Task.WhenAll(records).ConfigureAwait(false);
        }

        if (complete || unavailable is not null)
        {
            await NoteVanishedFilesAsync(known, seen, unavailable?.Locations ?? [], cancellationToken).ConfigureAwait(false);
        }

        if (unavailable is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(unavailable);
        }
    }

    /// <summary>
    /// Notes on every pending document whose file is gone while its folder is still there (moved, renamed or deleted by
    /// hand) that the file cannot be put away, and what to do; logged and audited once, and noted as back when the
    /// file returns. Only for a source whose locators are file paths; a folder that is missing is FH-2's note instead.
    /// </summary>
    private async Task NoteVanishedFilesAsync(KnownVersions known, HashSet<string> seen, IReadOnlyList<string> unreachable, CancellationToken cancellationToken)
    {
        foreach (var entry in known.Pending)
        {
            var noted = entry.Reason?.StartsWith(FileGoneNote, StringComparison.Ordinal) == true;
            var folder = Path.IsPathFullyQualified(entry.Locator) ? Path.GetDirectoryName(entry.Locator) : null;
            if (folder is null)
            {
                continue;
            }

            if (seen.Contains(entry.Locator))
            {
                if (noted)
                {
                    await ledger.UpdateAsync(entry.Key, new LedgerChange(LedgerStatus.Pending) { Reason = $"its file is back in {folder}" }, cancellationToken).ConfigureAwait(false);
                    LogFileBack(entry.FileName, folder);
                }

                continue;
            }

            if (noted
                || unreachable.Any(l => entry.Locator.StartsWith(l.TrimEnd('/', '\\') + Path.DirectorySeparatorChar, StringComparison.Ordinal))
                || !Directory.Exists(folder)
                || File.Exists(entry.Locator)
                || Directory.Exists(entry.Locator))
            {
                continue; // noted already; a missing folder (FH-2); or there but not offered (another note says why)
            }

            var note = $"{FileGoneNote}{folder} (moved, renamed or deleted by hand?): the portal's decision is still recorded when it comes, but the file cannot be put away. Put {entry.FileName} back in that folder to have it put away; or leave it, the outcome stays on this page";
            await ledger.UpdateAsync(entry.Key, new LedgerChange(LedgerStatus.Pending) { Reason = note }, cancellationToken).ConfigureAwait(false);
            if (audit is not null)
            {
                await audit.WriteAsync(
                    new AuditEntry("connectorhost", "document-file-gone", $"document:{entry.Key}", $"pipeline {pipeline.Name}: {entry.FileName} pending at the portal; {note}"),
                    cancellationToken).ConfigureAwait(false);
            }

            LogFileGone(entry.FileName, folder);
        }
    }

    /// <summary>Hands every scanned document to the work; returns whether the whole scan was handed over.</summary>
    private async Task<bool> ScanDocumentsAsync(DateTimeOffset now, KnownVersions known, bool version1Keys, BoundedWork work, DocumentRunCounts counts, HashSet<string> seen, CancellationToken cancellationToken)
    {
        await foreach (var document in SourceFailure.Guard(source.ScanAsync(cancellationToken), cancellationToken).ConfigureAwait(false))
        {
            seen.Add(document.Locator);
            if (document.Waiting is { } waiting)
            {
                counts.CountWaiting(); // not complete yet (FH-3): not read, not recorded
                if (!_waitingNoted.TryGetValue(document.Locator, out var noted) || !string.Equals(noted, waiting, StringComparison.Ordinal))
                {
                    _waitingNoted[document.Locator] = waiting;
                    LogWaitingForWriter(document.FileName, waiting); // once per reason, not at every run
                }

                continue;
            }

            _waitingNoted.TryRemove(document.Locator, out _);

            switch (known.Find(document))
            {
                case { Status: LedgerStatus.Pending }:
                    continue; // unchanged and pending: not read again; the poll asks about it
                case { Status: LedgerStatus.Retrying, NextAttemptAt: { } next } when next > now:
                    counts.CountWaiting();
                    continue;
                case { } decided when LedgerOutcomes.Decided.Contains(decided.Status):
                    continue; // decided (or refused) and not put away yet: the put-away step tries again; not read again
            }

            var started = await work.StartAsync(async c =>
            {
                using (logger.BeginScope(new Dictionary<string, object> { ["Document"] = document.FileName }))
                {
                    await HandleScannedAsync(document, version1Keys, counts, c).ConfigureAwait(false);
                }
            }).ConfigureAwait(false);
            if (!started)
            {
                return false;
            }
        }

        return !cancellationToken.IsCancellationRequested;
    }

    private async Task HandleScannedAsync(SourceDocument document, bool version1Keys, DocumentRunCounts counts, CancellationToken cancellationToken)
    {
        if (document.Refusal is { } refusal)
        {
            await RecordRefusalAsync(document, refusal, counts, cancellationToken).ConfigureAwait(false);
            return;
        }

        PortalCalls.Slot? held = null;
        try
        {
            DocumentContent content;
            try
            {
                // A large document (or one of unknown length) is read only once it may be submitted.
                content = await DocumentContent.ReadAsync(
                    document,
                    async length =>
                    {
                        if (length is not { } n || n > PortalCalls.ReadAheadBytes)
                        {
                            held = await _calls.EnterAsync(cancellationToken).ConfigureAwait(false);
                        }
                    },
                    cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                LogNotReadable(document.FileName, ex.Message);
                counts.CountWaiting();
                return;
            }

            await HandleContentAsync(document, content, held, version1Keys, counts, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            held?.Dispose();
        }
    }

    private async Task HandleContentAsync(SourceDocument document, DocumentContent content, PortalCalls.Slot? held, bool version1Keys, DocumentRunCounts counts, CancellationToken cancellationToken)
    {
        var key = DocumentKey.FromContentHash(content.Sha256, document.FileName);
        if (!_inFlight.TryAdd(key, 0))
        {
            counts.CountWaiting(); // the same content under the same name is being handled right now
            return;
        }

        try
        {
            await HandleReadAsync(document, content, key, held, version1Keys, counts, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _inFlight.TryRemove(key, out _);
        }
    }

    private async Task HandleReadAsync(SourceDocument document, DocumentContent content, string key, PortalCalls.Slot? held, bool version1Keys, DocumentRunCounts counts, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var recordedWithVersion1 = version1Keys
            ? await ledger.GetAsync(DocumentKey.ComputeVersion1(content.Bytes, document.FileName), cancellationToken).ConfigureAwait(false)
            : null;
        var (entry, inserted) = recordedWithVersion1 is not null
            ? (recordedWithVersion1, false)
            : await ledger.InsertIfNewAsync(
                new LedgerEntry
                {
                    Key = key,
                    KeyVersion = DocumentKey.CurrentVersion,
                    ContentSha256 = content.Sha256Hex,
                    SourceVersion = document.Version,
                    Pipeline = pipeline.Name,
                    Locator = document.Locator,
                    FileName = document.FileName,
                    ClientNumber = document.Metadata.ClientNumber,
                    DocumentType = document.Metadata.DocumentType,
                    PeriodFrom = document.Metadata.PeriodFrom,
                    PeriodTo = document.Metadata.PeriodTo,
                    Status = LedgerStatus.Submitting,
                    CreatedAt = now,
                    UpdatedAt = now,
                },
                cancellationToken).ConfigureAwait(false);

        if (!inserted && entry.CompletedAt is not null && LedgerOutcomes.MayBeOfferedAgain(entry.Status))
        {
            LogOfferedAgain(document.FileName, entry.Status);
            entry = await ledger.OfferAgainAsync(entry.Key, document.Locator, $"offered again after {entry.Status}: {entry.Reason}", cancellationToken).ConfigureAwait(false);
            entry = await ledger.UpdateAsync(entry.Key, new LedgerChange(entry.Status) { SourceVersion = document.Version }, cancellationToken).ConfigureAwait(false);
            inserted = true;
        }
        else if (!inserted && (entry.CompletedAt is not null || !string.Equals(entry.Locator, document.Locator, StringComparison.Ordinal)))
        {
            await PutAwayDuplicateAsync(document, entry, counts, cancellationToken).ConfigureAwait(false);
            return;
        }
        else if (!inserted && document.Version is not null && !string.Equals(entry.SourceVersion, document.Version, StringComparison.Ordinal))
        {
            // Same content, new times (touched, copied over itself): remember the version so the next scan skips it.
            entry = await ledger.UpdateAsync(entry.Key, new LedgerChange(entry.Status) { SourceVersion = document.Version }, cancellationToken).ConfigureAwait(false);
        }

        switch (entry.Status)
        {
            case LedgerStatus.Submitting when !inserted:
                SubmissionStatus? known;
                var slot = held is null ? await _calls.EnterAsync(cancellationToken).ConfigureAwait(false) : null;
                try
                {
                    known = await target.FindAsync(entry.IdempotencyKey, cancellationToken).ConfigureAwait(false);
                }
                finally
                {
                    slot?.Dispose(); // a slot held since the read stays held for the submission
                }

                if (known is not null)
                {
                    LogRecoveredSubmission(document.FileName, known.State);
                    await RecordStatusAsync(entry, known, counts, cancellationToken).ConfigureAwait(false);
                    return;
                }

                await SubmitAsync(entry, document, content.Bytes, held, counts, cancellationToken).ConfigureAwait(false);
                return;
            case LedgerStatus.Submitting:
                await SubmitAsync(entry, document, content.Bytes, held, counts, cancellationToken).ConfigureAwait(false);
                return;
            case LedgerStatus.Retrying when entry.NextAttemptAt is null || entry.NextAttemptAt <= now:
                entry = await ledger.UpdateAsync(entry.Key, new LedgerChange(LedgerStatus.Submitting), cancellationToken).ConfigureAwait(false);
                await SubmitAsync(entry, document, content.Bytes, held, counts, cancellationToken).ConfigureAwait(false);
                return;
            case LedgerStatus.Retrying:
                counts.CountWaiting();
                return;
            default:
                return; // pending or decided: the poll and put-away steps deal with it
        }
    }

    /// <summary>
    /// Notes on every pending document under an unreachable part of the source (a missing folder) that its file cannot
    /// be reached now (FH-2); the note goes when the document is decided or offered again.
    /// </summary>
    private async Task NoteUnreachableAsync(DocumentSourceUnavailableException unavailable, CancellationToken cancellationToken)
    {
        if (unavailable.Locations.Count == 0)
        {
            return;
        }

        var pending = await ledger.ListAsync(new LedgerQuery(pipeline.Name, [LedgerStatus.Pending]), cancellationToken).ConfigureAwait(false);
        foreach (var entry in pending)
        {
            var under = unavailable.Locations.FirstOrDefault(l => entry.Locator.StartsWith(l.TrimEnd('/', '\\') + Path.DirectorySeparatorChar, StringComparison.Ordinal));
            var note = $"its file cannot be reached: the folder {under} is missing (an unmounted share?)";
            if (under is null || string.Equals(entry.Reason, note, StringComparison.Ordinal))
            {
                continue;
            }

            await ledger.UpdateAsync(entry.Key, new LedgerChange(LedgerStatus.Pending) { Reason = note }, cancellationToken).ConfigureAwait(false);
            LogFileUnreachable(entry.FileName, under);
        }
    }

    /// <summary>
    /// Records a document the source refused before submission (CO-17) as a decided ledger entry with its reason, so
    /// that it is listed on the Documents page and put away by the same step as decided documents.
    /// </summary>
    private async Task RecordRefusalAsync(SourceDocument document, DocumentRefusal refusal, DocumentRunCounts counts, CancellationToken cancellationToken)
    {
        byte[] sha256;
        try
        {
            sha256 = await DocumentContent.HashAsync(document, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            LogNotReadable(document.FileName, ex.Message);
            counts.CountWaiting();
            return;
        }

        var status = refusal.Kind == DocumentOutcomeKind.ClientNotFound ? LedgerStatus.ClientNotFound : LedgerStatus.Refused;
        var key = DocumentKey.FromContentHash(sha256, document.FileName);
        var now = clock.GetUtcNow();
        var (entry, inserted) = await ledger.InsertIfNewAsync(
            new LedgerEntry
            {
                Key = key,
                KeyVersion = DocumentKey.CurrentVersion,
                ContentSha256 = Convert.ToHexStringLower(sha256),
                SourceVersion = document.Version,
                Pipeline = pipeline.Name,
                Locator = document.Locator,
                FileName = document.FileName,
                ClientNumber = string.IsNullOrEmpty(document.Metadata.ClientNumber) ? null : document.Metadata.ClientNumber,
                DocumentType = string.IsNullOrEmpty(document.Metadata.DocumentType) ? null : document.Metadata.DocumentType,
                PeriodFrom = document.Metadata.PeriodFrom,
                PeriodTo = document.Metadata.PeriodTo,
                Status = status,
                Reason = refusal.Reason,
                CreatedAt = now,
                UpdatedAt = now,
            },
            cancellationToken).ConfigureAwait(false);
        if (!inserted && entry.CompletedAt is not null)
        {
            // Put back unchanged after it was put away: refused again, and put away again.
            entry = await ledger.OfferAgainAsync(entry.Key, document.Locator, refusal.Reason, cancellationToken).ConfigureAwait(false);
            await ledger.UpdateAsync(entry.Key, new LedgerChange(status) { Reason = refusal.Reason, SourceVersion = document.Version }, cancellationToken).ConfigureAwait(false);
            inserted = true;
        }

        if (inserted)
        {
            LogRefused(document.FileName, refusal.Reason);
            counts.CountRefused();
        }
    }

    private async Task SubmitAsync(LedgerEntry entry, SourceDocument document, byte[] content, PortalCalls.Slot? held, DocumentRunCounts counts, CancellationToken cancellationToken)
    {
        SubmissionStatus status;
        try
        {
            using var slot = held ?? await _calls.EnterAsync(cancellationToken).ConfigureAwait(false);
            status = await target.SubmitAsync(new DocumentSubmission(entry.IdempotencyKey, document.FileName, content, document.Metadata), cancellationToken).ConfigureAwait(false);
        }
        catch (TargetAuthenticationException)
        {
            await ledger.UpdateAsync(entry.Key, new LedgerChange(LedgerStatus.Retrying) { Reason = "the portal refused the credentials" }, cancellationToken).ConfigureAwait(false);
            throw;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw; // stays "submitting": the next run asks the portal by key before submitting again
        }
#pragma warning disable CA1031 // every other failure is an attempt that failed; it is recorded and retried, never lost
        catch (Exception ex)
#pragma warning restore CA1031
        {
            await RecordFailedAttemptAsync(entry, ex, counts, cancellationToken).ConfigureAwait(false);
            return;
        }

        counts.CountSubmitted();
        LogSubmitted(document.FileName, document.Metadata.ClientNumber, status.State);
        if (status.State == SubmissionState.Pending)
        {
            // Noted as known first, so that the write has nothing to do after it: no continuation, no thread hop.
            _polls.Known(entry.Key, _runStarted);
            _pendingRecords.Enqueue(ledger.UpdateAsync(entry.Key, ChangeFor(status), CancellationToken.None));
            return;
        }

        await RecordStatusAsync(entry, status, counts, cancellationToken).ConfigureAwait(false);
    }

    private async Task RecordFailedAttemptAsync(LedgerEntry entry, Exception failure, DocumentRunCounts counts, CancellationToken cancellationToken)
    {
        counts.CountFailure();
        var attempt = entry.Attempts + 1;
        var error = failure.Message;
        if (attempt >= pipeline.MaxAttempts)
        {
            await ledger.UpdateAsync(entry.Key, new LedgerChange(LedgerStatus.FinallyFailed) { CountAttempt = true, Reason = $"finally failed after {attempt} attempts; last error: {error}" }, cancellationToken).ConfigureAwait(false);
            LogFinallyFailed(entry.FileName, attempt, error);
            await SendFinallyFailedMailAsync(entry, attempt, error, cancellationToken).ConfigureAwait(false);
            return;
        }

        var delay = RetryDelay(attempt);
        var next = clock.GetUtcNow() + delay;
        await ledger.UpdateAsync(entry.Key, new LedgerChange(LedgerStatus.Retrying) { CountAttempt = true, NextAttemptAt = next, Reason = error }, cancellationToken).ConfigureAwait(false);
        LogAttemptFailed(entry.FileName, attempt, pipeline.MaxAttempts, error, next);
    }

    private TimeSpan RetryDelay(int attempt)
    {
        var factor = Math.Pow(2, Math.Min(attempt - 1, 30));
        var delay = TimeSpan.FromTicks((long)Math.Min(pipeline.FirstRetryDelay.Ticks * factor, pipeline.MaxRetryDelay.Ticks));
        return delay;
    }

    private async Task SendFinallyFailedMailAsync(LedgerEntry entry, int attempts, string error, CancellationToken cancellationToken)
    {
        try
        {
            await mailer.SendAsync(
                MailTemplates.DocumentFinallyFailed,
                new DocumentFinallyFailedMail(entry.FileName, pipeline.Name, attempts, error, clock.GetLocalNow().DateTime),
                null,
                cancellationToken).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // a mail failure must not stop the document from being put away; it is logged
        catch (Exception ex) when (ex is not OperationCanceledException)
#pragma warning restore CA1031
        {
            LogMailFailed(entry.FileName, ex.Message);
        }
    }

    private async Task RecordStatusAsync(LedgerEntry entry, SubmissionStatus status, DocumentRunCounts counts, CancellationToken cancellationToken)
    {
        var change = ChangeFor(status);
        await ledger.UpdateAsync(entry.Key, change, cancellationToken).ConfigureAwait(false);
        if (change.Status == LedgerStatus.Pending)
        {
            _polls.Known(entry.Key, _runStarted); // just answered: asked again at the run a polling interval after this one's start
        }
        else
        {
            _polls.Forget(entry.Key);
            counts.CountDecided();
        }
    }

    private static LedgerChange ChangeFor(SubmissionStatus status) =>
        new(LedgerOutcomes.StatusOf(status.State)) { PortalReference = status.PortalReference, Reason = status.Reason };

    [LoggerMessage(Level = LogLevel.Error, Message = "Pipeline {Pipeline}: the portal refused the user name or password ({Reason}). Nothing was submitted or moved; correct the credentials in the configuration.")]
    private partial void LogCredentialsRefused(string pipeline, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Document} is not offered yet and counted as waiting: {Reason}")]
    private partial void LogWaitingForWriter(string document, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Document} is pending at the portal but its file cannot be reached: the folder {Folder} is missing (an unmounted share?). Its outcome is recorded as usual; the file is put away once the folder is back.")]
    private partial void LogFileUnreachable(string document, string folder);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Document} is pending at the portal but its file is gone from {Folder} (moved, renamed or deleted by hand?). Its outcome is recorded when the portal decides, but the file cannot be put away: put it back in that folder, or leave it; the Documents page shows the note.")]
    private partial void LogFileGone(string document, string folder);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Document}: its file is back in {Folder}; it is put away as usual once the portal decides")]
    private partial void LogFileBack(string document, string folder);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Pipeline {Pipeline}: the source could not be read: {Reason}. Nothing was submitted or moved; the run is tried again at the next one. Check that the place the documents come from is reachable.")]
    private partial void LogSourceUnavailable(string pipeline, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Pipeline {Pipeline}: the source refused the credentials ({Reason}). Nothing was submitted or moved; correct the source's credentials in the configuration.")]
    private partial void LogSourceCredentialsRefused(string pipeline, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Pipeline {Pipeline}: the source failed while it was read ({Type}: {Reason}). Nothing more was submitted in this run; the run is tried again at the next one. If it keeps failing, report it to the plugin's supplier.")]
    private partial void LogSourceFailed(Exception exception, string pipeline, string type, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Document} cannot be read yet ({Reason}); it is tried again at the next run")]
    private partial void LogNotReadable(string document, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Document} was submitted before a restart; the portal knows it ({State}), so it is not submitted again")]
    private partial void LogRecoveredSubmission(string document, SubmissionState state);

    [LoggerMessage(Level = LogLevel.Information, Message = "Submitted {Document} for client {ClientNumber}: {State}")]
    private partial void LogSubmitted(string document, string clientNumber, SubmissionState state);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Attempt {Attempt} of {MaxAttempts} to submit {Document} failed: {Error}. It is tried again from {NextAttemptAt:u}; nothing to do unless this keeps failing.")]
    private partial void LogAttemptFailed(string document, int attempt, int maxAttempts, string error, DateTimeOffset nextAttemptAt);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Document} finally failed after {Attempts} attempts (definitief mislukt): {Error}. It goes to the error folder with the reason beside it; put it back in the source folder to try again.")]
    private partial void LogFinallyFailed(string document, int attempts, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "The alert mail about {Document} could not be sent: {Error}. Check the mail settings under host.mail.")]
    private partial void LogMailFailed(string document, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Document} is not submitted: {Reason} It is listed on the Documents page and put away with the reason beside it.")]
    private partial void LogRefused(string document, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Document} was put away before as {Status} and is offered again: it is submitted anew")]
    private partial void LogOfferedAgain(string document, LedgerStatus status);
}

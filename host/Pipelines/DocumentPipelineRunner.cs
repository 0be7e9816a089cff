using ConnectorHost.Abstractions.Documents;
using ConnectorHost.Abstractions.Mail;
using ConnectorHost.Configuration;
using ConnectorHost.Mail;
using ConnectorHost.State;
using Microsoft.Extensions.Logging;

namespace ConnectorHost.Pipelines;

/// <summary>
/// One run of a document pipeline: offer new documents to the target, poll pending ones, put decided ones away.
/// Every step is written to the ledger before the next, so a crash anywhere resumes without loss and without a
/// second submission: "submitting" is recorded before the call and, after a crash, the target is asked by key.
/// </summary>
internal sealed partial class DocumentPipelineRunner(
    PipelineDefinition pipeline,
    IDocumentSource source,
    IAccordeerTarget target,
    IDocumentLedger ledger,
    IMailer mailer,
    TimeProvider clock,
    ILogger<DocumentPipelineRunner> logger) : IPipelineRunner
{
    public string Name => pipeline.Name;

    public IDisposable? Watch(Action wake) => source.WatchForChanges(wake);

    public async Task<(RunOutcome Outcome, string Summary)> RunOnceAsync(CancellationToken cancellationToken)
    {
        var counts = new DocumentRunCounts();
        var runStarted = clock.GetUtcNow();
        try
        {
            await foreach (var document in source.ScanAsync(cancellationToken).ConfigureAwait(false))
            {
                using (logger.BeginScope(new Dictionary<string, object> { ["Document"] = document.FileName }))
                {
                    await HandleScannedAsync(document, counts, cancellationToken).ConfigureAwait(false);
                }
            }

            await PollAsync(runStarted, counts, cancellationToken).ConfigureAwait(false);
            await PutAwayDecidedAsync(counts, cancellationToken).ConfigureAwait(false);
        }
        catch (TargetAuthenticationException ex)
        {
            LogCredentialsRefused(pipeline.Name, ex.Message);
            return (RunOutcome.Failed, $"the portal refused the credentials; {counts}");
        }

        return (counts.Failures > 0 ? RunOutcome.PartlyFailed : RunOutcome.Succeeded, counts.ToString());
    }

    private async Task HandleScannedAsync(SourceDocument document, DocumentRunCounts counts, CancellationToken cancellationToken)
    {
        byte[] content;
        try
        {
            var stream = await document.OpenRead(cancellationToken).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                using var buffer = new MemoryStream();
                await stream.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
                content = buffer.ToArray();
            }
        }
        catch (IOException ex)
        {
            LogNotReadable(document.FileName, ex.Message);
            counts.Waiting++;
            return;
        }

        var key = DocumentKey.Compute(content, document.FileName);
        var now = clock.GetUtcNow();
        var (entry, inserted) = await ledger.InsertIfNewAsync(
            new LedgerEntry
            {
                Key = key,
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
            entry = await ledger.OfferAgainAsync(key, document.Locator, $"offered again after {entry.Status}: {entry.Reason}", cancellationToken).ConfigureAwait(false);
            inserted = true;
        }
        else if (!inserted && (entry.CompletedAt is not null || !string.Equals(entry.Locator, document.Locator, StringComparison.Ordinal)))
        {
            await PutAwayDuplicateAsync(document, entry, counts, cancellationToken).ConfigureAwait(false);
            return;
        }

        switch (entry.Status)
        {
            case LedgerStatus.Submitting when !inserted:
                var known = await target.FindAsync(entry.IdempotencyKey, cancellationToken).ConfigureAwait(false);
                if (known is not null)
                {
                    LogRecoveredSubmission(document.FileName, known.State);
                    await RecordStatusAsync(entry, known, counts, cancellationToken).ConfigureAwait(false);
                    return;
                }

                await SubmitAsync(entry, document, content, counts, cancellationToken).ConfigureAwait(false);
                return;
            case LedgerStatus.Submitting:
                await SubmitAsync(entry, document, content, counts, cancellationToken).ConfigureAwait(false);
                return;
            case LedgerStatus.Retrying when entry.NextAttemptAt is null || entry.NextAttemptAt <= now:
                entry = await ledger.UpdateAsync(key, new LedgerChange(LedgerStatus.Submitting), cancellationToken).ConfigureAwait(false);
                await SubmitAsync(entry, document, content, counts, cancellationToken).ConfigureAwait(false);
                return;
            case LedgerStatus.Retrying:
                counts.Waiting++;
                return;
            default:
                return; // pending or decided: the poll and put-away steps deal with it
        }
    }

    private async Task SubmitAsync(LedgerEntry entry, SourceDocument document, byte[] content, DocumentRunCounts counts, CancellationToken cancellationToken)
    {
        SubmissionStatus status;
        try
        {
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

        counts.Submitted++;
        LogSubmitted(document.FileName, document.Metadata.ClientNumber, status.State);
        await RecordStatusAsync(entry, status, counts, cancellationToken).ConfigureAwait(false);
    }

    private async Task RecordFailedAttemptAsync(LedgerEntry entry, Exception failure, DocumentRunCounts counts, CancellationToken cancellationToken)
    {
        counts.Failures++;
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
        var ledgerStatus = LedgerOutcomes.StatusOf(status.State);
        await ledger.UpdateAsync(entry.Key, new LedgerChange(ledgerStatus) { PortalReference = status.PortalReference, Reason = status.Reason }, cancellationToken).ConfigureAwait(false);
        if (ledgerStatus != LedgerStatus.Pending)
        {
            counts.Decided++;
        }
    }

    private async Task PollAsync(DateTimeOffset runStarted, DocumentRunCounts counts, CancellationToken cancellationToken)
    {
        var open = await ledger.ListAsync(new LedgerQuery(pipeline.Name, [LedgerStatus.Pending, LedgerStatus.Submitting], OnlyNotCompleted: true), cancellationToken).ConfigureAwait(false);
        foreach (var entry in open.Where(e => e.Status == LedgerStatus.Pending || e.UpdatedAt < runStarted))
        {
            SubmissionStatus? status;
            try
            {
                status = await target.FindAsync(entry.IdempotencyKey, cancellationToken).ConfigureAwait(false);
            }
            catch (TransientFailureException ex)
            {
                LogPollFailed(entry.FileName, ex.Message);
                counts.Failures++;
                continue;
            }

            if (status is null)
            {
                if (entry.Status == LedgerStatus.Pending)
                {
                    LogPortalLostSubmission(entry.FileName, entry.Key);
                    await ledger.UpdateAsync(entry.Key, new LedgerChange(LedgerStatus.Submitting) { Reason = "the portal no longer knows this submission" }, cancellationToken).ConfigureAwait(false);
                }

                continue;
            }

            if (status.State != SubmissionState.Pending || entry.Status == LedgerStatus.Submitting)
            {
                await RecordStatusAsync(entry, status, counts, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                counts.Pending++;
            }
        }
    }

    private async Task PutAwayDecidedAsync(DocumentRunCounts counts, CancellationToken cancellationToken)
    {
        var decided = await ledger.ListAsync(new LedgerQuery(pipeline.Name, LedgerOutcomes.Decided, OnlyNotCompleted: true), cancellationToken).ConfigureAwait(false);
        foreach (var entry in decided)
        {
            var outcome = LedgerOutcomes.OutcomeOf(entry);
            try
            {
                await source.CompleteAsync(entry.Locator, outcome, cancellationToken).ConfigureAwait(false);
            }
            catch (IOException ex)
            {
                LogPutAwayFailed(entry.FileName, outcome.Kind, ex.Message);
                counts.Failures++;
                continue;
            }

            await ledger.UpdateAsync(entry.Key, new LedgerChange(entry.Status) { Completed = true }, cancellationToken).ConfigureAwait(false);
            LogPutAway(entry.FileName, outcome.Kind, outcome.Reason);
            counts.PutAway++;
        }
    }

    private async Task PutAwayDuplicateAsync(SourceDocument document, LedgerEntry first, DocumentRunCounts counts, CancellationToken cancellationToken)
    {
        var reason = $"the same document (same content and file name) was first seen on {first.CreatedAt:yyyy-MM-dd HH:mm} UTC as '{first.Locator}' in pipeline '{first.Pipeline}' (status {first.Status}); it is not submitted twice";
        await source.CompleteAsync(document.Locator, new DocumentOutcome(DocumentOutcomeKind.Duplicate, reason) { PortalReference = first.PortalReference }, cancellationToken).ConfigureAwait(false);
        LogDuplicate(document.FileName, reason);
        counts.Duplicates++;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Pipeline {Pipeline}: the portal refused the user name or password ({Reason}). Nothing was submitted or moved; correct the credentials in the configuration.")]
    private partial void LogCredentialsRefused(string pipeline, string reason);

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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not ask the portal about {Document}: {Error}. Asked again at the next run.")]
    private partial void LogPollFailed(string document, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The portal no longer knows {Document} (key {Key}); it is submitted again at the next run")]
    private partial void LogPortalLostSubmission(string document, string key);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not put {Document} away ({Outcome}): {Error}. Tried again at the next run; check the folder's permissions if this repeats.")]
    private partial void LogPutAwayFailed(string document, DocumentOutcomeKind outcome, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Document}: {Outcome} ({Reason})")]
    private partial void LogPutAway(string document, DocumentOutcomeKind outcome, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Document} was put away before as {Status} and is offered again: it is submitted anew")]
    private partial void LogOfferedAgain(string document, LedgerStatus status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Document} is a copy of a document already handled and is not submitted again: {Reason}")]
    private partial void LogDuplicate(string document, string reason);
}

/// <summary>What one document run did.</summary>
internal sealed class DocumentRunCounts
{
    public int Submitted { get; set; }

    public int Decided { get; set; }

    public int PutAway { get; set; }

    public int Pending { get; set; }

    public int Waiting { get; set; }

    public int Duplicates { get; set; }

    public int Failures { get; set; }

    public override string ToString() =>
        $"{Submitted} submitted, {Decided} decided, {PutAway} put away, {Pending} pending, {Waiting} waiting, {Duplicates} duplicates, {Failures} failures";
}

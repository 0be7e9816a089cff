using ConnectorHost.Abstractions.Documents;
using ConnectorHost.Abstractions.State;
using ConnectorHost.State;
using Microsoft.Extensions.Logging;

namespace ConnectorHost.Pipelines;

/// <summary>The put-away step of a document pipeline: decided documents and duplicates go where their outcome says.</summary>
internal sealed partial class DocumentPipelineRunner
{
    /// <summary>
    /// Puts every decided document away, one at a time (they are local moves). A document whose file was replaced
    /// by a newer one is recorded without moving anything (CO-13); a move that fails for any reason is noted on the
    /// document, logged at most once an hour, and tried again at the next run, while the others go on (CO-15).
    /// </summary>
    private async Task PutAwayDecidedAsync(DocumentRunCounts counts, CancellationToken cancellationToken)
    {
        var decided = await ledger.ListAsync(new LedgerQuery(pipeline.Name, LedgerOutcomes.Decided, OnlyNotCompleted: true, Limit: int.MaxValue), cancellationToken).ConfigureAwait(false);
        foreach (var entry in decided)
        {
            if (await HasNewerVersionAsync(entry, cancellationToken).ConfigureAwait(false))
            {
                await RecordChangedAsync(entry, "a newer version of the file was seen at the same place", counts, cancellationToken).ConfigureAwait(false);
                continue;
            }

            var outcome = LedgerOutcomes.OutcomeOf(entry) with { SourceVersion = entry.SourceVersion, ContentSha256 = entry.ContentSha256 };
            try
            {
                await source.CompleteAsync(entry.Locator, outcome, cancellationToken).ConfigureAwait(false);
            }
            catch (DocumentChangedException ex)
            {
                await RecordChangedAsync(entry, ex.Message, counts, cancellationToken).ConfigureAwait(false);
                continue;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
#pragma warning disable CA1031 // any failure to move one file is noted on that file and retried; the others go on (CO-15)
            catch (Exception ex)
#pragma warning restore CA1031
            {
                await RecordPutAwayProblemAsync(entry, outcome.Kind, ex, counts, cancellationToken).ConfigureAwait(false);
                continue;
            }

            await ledger.UpdateAsync(entry.Key, new LedgerChange(entry.Status) { Completed = true }, cancellationToken).ConfigureAwait(false);
            _putAwayProblems.Forget(entry.Key);
            LogPutAway(entry.FileName, outcome.Kind, outcome.Reason);
            counts.CountPutAway();
        }
    }

    /// <summary>Whether another document was recorded at the same locator after this one: the file was replaced.</summary>
    private async Task<bool> HasNewerVersionAsync(LedgerEntry entry, CancellationToken cancellationToken)
    {
        var atLocator = await ledger.ListAsync(new LedgerQuery(pipeline.Name, Limit: int.MaxValue) { Locator = entry.Locator }, cancellationToken).ConfigureAwait(false);
        var index = atLocator.ToList().FindIndex(e => string.Equals(e.Key, entry.Key, StringComparison.Ordinal));
        return index >= 0 && index < atLocator.Count - 1;
    }

    private async Task RecordChangedAsync(LedgerEntry entry, string what, DocumentRunCounts counts, CancellationToken cancellationToken)
    {
        var outcome = LedgerOutcomes.OutcomeOf(entry);
        var reason = $"{outcome.Reason}; {ChangedNote}";
        await ledger.UpdateAsync(entry.Key, new LedgerChange(entry.Status) { Completed = true, Reason = reason }, cancellationToken).ConfigureAwait(false);
        if (audit is not null)
        {
            await audit.WriteAsync(
                new AuditEntry("connectorhost", "document-changed-after-submission", entry.FileName, $"pipeline {pipeline.Name}, {entry.Status} of key {entry.Key} at {entry.Locator} recorded without moving the file: {what}; {ChangedNote}"),
                cancellationToken).ConfigureAwait(false);
        }

        _putAwayProblems.Forget(entry.Key);
        LogChangedAfterSubmission(entry.FileName, entry.Status, what);
        counts.CountReplaced();
    }

    private async Task RecordPutAwayProblemAsync(LedgerEntry entry, DocumentOutcomeKind outcome, Exception failure, DocumentRunCounts counts, CancellationToken cancellationToken)
    {
        var problem = $"could not be moved ({outcome}): {failure.Message} — {PutAwayProblems.WhatToDo(failure)}";
        if (!string.Equals(problem, entry.PutAwayProblem, StringComparison.Ordinal))
        {
            await ledger.UpdateAsync(entry.Key, new LedgerChange(entry.Status) { PutAwayProblem = problem }, cancellationToken).ConfigureAwait(false);
        }

        if (_putAwayProblems.ShouldLog(entry.Key, clock.GetUtcNow()))
        {
            LogPutAwayFailed(entry.FileName, outcome, failure.Message.TrimEnd('.'), PutAwayProblems.WhatToDo(failure)); // "is denied." + ". What to do" read "denied.."
        }

        counts.CountNotPutAway();
        counts.CountFailure();
    }

    private async Task PutAwayDuplicateAsync(SourceDocument document, LedgerEntry first, DocumentRunCounts counts, CancellationToken cancellationToken)
    {
        var reason = $"the same document (same content and file name) was first seen on {first.CreatedAt:yyyy-MM-dd HH:mm} UTC as '{first.Locator}' in pipeline '{first.Pipeline}' (status {first.Status}); it is not submitted twice";
        await source.CompleteAsync(document.Locator, new DocumentOutcome(DocumentOutcomeKind.Duplicate, reason) { PortalReference = first.PortalReference }, cancellationToken).ConfigureAwait(false);
        LogDuplicate(document.FileName, reason);
        counts.CountDuplicate();
        counts.CountPutAway(); // moved to the error folder with its reason: put away, like any decided document
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not put {Document} away ({Outcome}): {Error}. What to do: {WhatToDo}. The other documents go on; this is logged once an hour while it lasts and shown on the Documents page.")]
    private partial void LogPutAwayFailed(string document, DocumentOutcomeKind outcome, string error, string whatToDo);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Document}: {Status} recorded without moving the file, because the file was changed after it was submitted ({What}). The new content is its own document and gets its own submission and outcome.")]
    private partial void LogChangedAfterSubmission(string document, LedgerStatus status, string what);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Document}: {Outcome} ({Reason})")]
    private partial void LogPutAway(string document, DocumentOutcomeKind outcome, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Document} is a copy of a document already handled and is not submitted again: {Reason}")]
    private partial void LogDuplicate(string document, string reason);
}

using ConnectorHost.Abstractions.Documents;
using ConnectorHost.State;
using Microsoft.Extensions.Logging;

namespace ConnectorHost.Pipelines;

/// <summary>The polling step of a document pipeline: asks the portal about open documents, at most maxInFlight at a time.</summary>
internal sealed partial class DocumentPipelineRunner
{
    private async Task PollAsync(DateTimeOffset runStarted, DocumentRunCounts counts, CancellationToken cancellationToken)
    {
        var open = await ledger.ListAsync(new LedgerQuery(pipeline.Name, [LedgerStatus.Pending, LedgerStatus.Submitting], OnlyNotCompleted: true, Limit: int.MaxValue), cancellationToken).ConfigureAwait(false);
        var pollEvery = pipeline.EffectivePollEvery;
        var due = new List<LedgerEntry>();
        foreach (var entry in open)
        {
            if (entry.Status == LedgerStatus.Submitting ? entry.UpdatedAt < runStarted : _polls.IsDue(entry.Key, runStarted, pollEvery))
            {
                due.Add(entry);
            }
            else if (entry.Status == LedgerStatus.Pending)
            {
                counts.CountPending();
            }
        }

        await Parallel.ForEachAsync(
            due,
            new ParallelOptions { MaxDegreeOfParallelism = pipeline.MaxInFlight, CancellationToken = cancellationToken },
            async (entry, c) => await PollOneAsync(entry, counts, c).ConfigureAwait(false)).ConfigureAwait(false);
    }

    private async Task PollOneAsync(LedgerEntry entry, DocumentRunCounts counts, CancellationToken cancellationToken)
    {
        SubmissionStatus? status;
        try
        {
            status = await target.FindAsync(entry.IdempotencyKey, cancellationToken).ConfigureAwait(false);
        }
        catch (TransientFailureException ex)
        {
            LogPollFailed(entry.FileName, ex.Message);
            counts.CountFailure();
            return;
        }

        if (status is null)
        {
            if (entry.Status == LedgerStatus.Pending)
            {
                LogPortalLostSubmission(entry.FileName, entry.Key);
                await ledger.UpdateAsync(entry.Key, new LedgerChange(LedgerStatus.Submitting) { Reason = "the portal no longer knows this submission" }, cancellationToken).ConfigureAwait(false);
            }

            return;
        }

        if (status.State != SubmissionState.Pending || entry.Status == LedgerStatus.Submitting)
        {
            await RecordStatusAsync(entry, status, counts, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            _polls.Known(entry.Key, _runStarted);
            counts.CountPending();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not ask the portal about {Document}: {Error}. Asked again at the next run.")]
    private partial void LogPollFailed(string document, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The portal no longer knows {Document} (key {Key}); it is submitted again at the next run")]
    private partial void LogPortalLostSubmission(string document, string key);
}

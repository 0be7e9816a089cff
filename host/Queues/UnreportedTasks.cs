using ConnectorHost.Abstractions.Queues;
using ConnectorHost.Abstractions.State;
using Microsoft.Extensions.Logging;

namespace ConnectorHost.Queues;

/// <summary>
/// The tasks whose end the origin may not hold, kept in the record store (<see cref="QueueRecords.Unreported"/>) the
/// moment that is known, not at the end of the run: a host killed in the middle of a long run must not forget them.
/// An origin offers a task again as long as it holds no result of it (then the fetch reports it again), but not once it
/// holds "failed": a task failed, resolved and then done would stay failed there. So two facts are kept per task:
/// a report the origin did not take, and "the origin holds failed" (written when a failed report is taken, dropped when
/// the task's later end is).
/// </summary>
internal sealed class UnreportedTasks(IRecordStore records, ITaskQueue tasks, IQueueTaskHandler handler, string queue, ILogger logger)
{
    /// <summary>The record's status for a report the origin did not take (the name older hosts wrote, kept).</summary>
    private const string NotTaken = "unreported";

    /// <summary>The record's status for a task the origin holds as failed.</summary>
    private const string HoldsFailed = "origin-holds-failed";

    private string KeyOf(QueuedTask task) => $"{queue}:{task.ExternalId}";

    /// <summary>Tells the origin how <paramref name="task"/> ended, and keeps what the origin now holds.</summary>
    public Task ReportAsync(QueuedTask task, QueueTaskReport report, CancellationToken cancellationToken) =>
        ReportAsync(task, report, mayBeHeldFailed: task.InstructionId is not null, cancellationToken);

    /// <summary>Tells the origin again how <paramref name="task"/> ended (it offered the task again, or did not take the report).</summary>
    public Task ReportAgainAsync(QueuedTask task, CancellationToken cancellationToken) =>
        ReportAsync(task, new QueueTaskReport(task.Status), mayBeHeldFailed: true, cancellationToken);

    /// <summary>Forgets what the origin held of <paramref name="task"/>: its end was reported another way (a cancel, AT-10).</summary>
    public Task ForgetAsync(QueuedTask task, CancellationToken cancellationToken) =>
        records.DeleteAsync(QueueRecords.Unreported, KeyOf(task), cancellationToken);

    /// <param name="mayBeHeldFailed">Whether the origin may hold the task as failed (it failed here before).</param>
    private async Task ReportAsync(QueuedTask task, QueueTaskReport report, bool mayBeHeldFailed, CancellationToken cancellationToken)
    {
        if (!await QueueReports.ReportAsync(handler, task, report, logger, cancellationToken).ConfigureAwait(false))
        {
            await PutAsync(task, NotTaken, cancellationToken).ConfigureAwait(false);
        }
        else if (report.Status == QueuedTaskStatus.Failed)
        {
            await PutAsync(task, HoldsFailed, cancellationToken).ConfigureAwait(false);
        }
        else if (mayBeHeldFailed)
        {
            // The origin held "failed" (or a report it did not take) and now holds this end.
            await records.DeleteAsync(QueueRecords.Unreported, KeyOf(task), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Reports again every end the origin does not hold: a report it did not take, and the end of a task it holds as
    /// failed. A task that has not ended yet keeps its record until it does.
    /// </summary>
    /// <param name="inFlight">How many at once (the pipeline's <c>maxInFlight</c>): a long run at a distance can end with hundreds.</param>
    public async Task ReportAgainAsync(int inFlight, CancellationToken cancellationToken)
    {
        var prefix = queue + ":";
        var mine = (await records.ListAsync(QueueRecords.Unreported, cancellationToken).ConfigureAwait(false)).Where(r => r.Key.StartsWith(prefix, StringComparison.Ordinal));
        await Parallel.ForEachAsync(mine, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, inFlight), CancellationToken = cancellationToken }, async (record, _) =>
        {
            var task = (await tasks.ListAsync(new TaskQuery(queue, Limit: 1) { ExternalId = record.Key[prefix.Length..] }, cancellationToken).ConfigureAwait(false)).FirstOrDefault();
            switch (task?.Status)
            {
                case null:
                    await records.DeleteAsync(QueueRecords.Unreported, record.Key, cancellationToken).ConfigureAwait(false); // purged from the store
                    break;
                case QueuedTaskStatus.Done:
                    await ReportAgainAsync(task, cancellationToken).ConfigureAwait(false);
                    break;
                case QueuedTaskStatus.Failed when record.Status == NotTaken:
                    await ReportAgainAsync(task, cancellationToken).ConfigureAwait(false);
                    break;
                default:
                    break; // not ended, failed and held so by the origin, or cancelled (AT-10's report tells it and forgets this)
            }
        }).ConfigureAwait(false);
    }

    private Task PutAsync(QueuedTask task, string status, CancellationToken cancellationToken) =>
        records.PutAsync(new StoredRecord(QueueRecords.Unreported, KeyOf(task), status, task.Dossier), cancellationToken);
}

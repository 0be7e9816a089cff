using ConnectorHost.Abstractions.Queues;
using ConnectorHost.Abstractions.State;
using Microsoft.Extensions.Logging;

namespace ConnectorHost.Queues;

/// <summary>Tells a queue's origin how a task ended (<see cref="IQueueTaskHandler.ReportAsync"/>); a report the origin did not take is logged.</summary>
internal static partial class QueueReports
{
    /// <returns><c>true</c> when the origin took the report.</returns>
    public static async Task<bool> ReportAsync(IQueueTaskHandler handler, QueuedTask task, QueueTaskReport report, ILogger logger, CancellationToken cancellationToken)
    {
        try
        {
            await handler.ReportAsync(task, report, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (QueueOriginException e)
        {
            LogReportFailed(logger, task.ExternalId, task.Dossier, report.Status, e.Message);
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not report task {Task} of dossier {Dossier} as {Status} to its origin: {Reason}. It is reported again at the next run.")]
    private static partial void LogReportFailed(ILogger logger, string task, string dossier, QueuedTaskStatus status, string reason);
}

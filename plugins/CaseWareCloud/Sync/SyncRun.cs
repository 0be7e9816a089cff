using Microsoft.Extensions.Logging;

namespace ConnectorHost.Plugins.CaseWareCloud;

/// <summary>What one run of <c>casewarecloud.sync</c> works with: the API, the records, the clock, its log and its counters.</summary>
internal sealed class SyncRun(CaseWareCloudClient api, SyncRecords records, TimeProvider clock, int progressEvery, int batchSize, ILogger logger, CancellationToken cancellationToken)
{
    public CaseWareCloudClient Api => api;

    public SyncRecords Records => records;

    public int ProgressEvery => progressEvery;

    /// <summary>Clients (or contact persons) reconciled per batch, their records read by key when it starts.</summary>
    public int BatchSize => batchSize;

    public ILogger Logger => logger;

    public CancellationToken CancellationToken => cancellationToken;

    public SyncReport Report { get; } = new();

    /// <summary>Clients (and contact persons) reconciled at the same time: the pipeline's <c>maxInFlight</c>.</summary>
    public int MaxInFlight => api.Gate.MaxInFlight;

    public DateTimeOffset Now => clock.GetUtcNow();

    /// <summary>Changes a counter of the report; records are reconciled in parallel, so one change at a time.</summary>
    public void Tally(Action<SyncReport> change)
    {
        lock (Report)
        {
            change(Report);
        }
    }
}

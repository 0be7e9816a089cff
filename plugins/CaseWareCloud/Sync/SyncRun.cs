using Microsoft.Extensions.Logging;

namespace ConnectorHost.Plugins.CaseWareCloud;

/// <summary>What one run of <c>casewarecloud.sync</c> works with: the API, the records, the clock, its log and its counters.</summary>
internal sealed class SyncRun(CaseWareCloudClient api, SyncRecords records, TimeProvider clock, int progressEvery, ILogger logger, CancellationToken cancellationToken)
{
    public CaseWareCloudClient Api => api;

    public SyncRecords Records => records;

    public int ProgressEvery => progressEvery;

    public ILogger Logger => logger;

    public CancellationToken CancellationToken => cancellationToken;

    public SyncReport Report { get; } = new();

    public DateTimeOffset Now => clock.GetUtcNow();
}

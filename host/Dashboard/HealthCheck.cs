using System.Globalization;
using ConnectorHost.Abstractions.State;
using ConnectorHost.Configuration;
using ConnectorHost.Pipelines;
using ConnectorHost.Plugins;
using ConnectorHost.State;
using ConnectorHost.State.Sqlite;

namespace ConnectorHost.Dashboard;

/// <summary>
/// What <c>/healthz</c> answers (SEC-7). The state store is checked with a real write — a heartbeat record of this
/// host — because a store that still reads can have stopped writing (a full or failing disk); a SQLite file that was
/// deleted under the running host is reported too. A store that cannot write makes the answer 503. A pipeline whose
/// last <see cref="FailedRunsReported"/> runs all failed is listed under <c>failing</c> and makes the status
/// <c>degraded</c> (still 200: the host itself works and a restart would not help it); so does a pipeline whose last run
/// could not reach part of its source (a missing folder, a read that hung: FH-1, FH-2), at once.
/// </summary>
internal sealed class HealthCheck(HostConfiguration configuration, PluginLoadReport plugins, PipelineStatusBoard board, IHostStateStore state, TimeProvider clock)
{
    /// <summary>From this many failed runs in a row a pipeline is reported as failing.</summary>
    public const int FailedRunsReported = 3;

    /// <summary>The collection of the heartbeat records, one per host.</summary>
    public const string HeartbeatCollection = "host.heartbeat";

    public async Task<(int Status, object Body)> CheckAsync(CancellationToken cancellationToken)
    {
        var store = await CheckStoreAsync(cancellationToken).ConfigureAwait(false);
        var pipelines = configuration.Pipelines.ToDictionary(
            p => p.Name,
            p => board.All.TryGetValue(p.Name, out var s) ? s.LastRun?.Outcome.ToString() ?? "not yet run" : "not yet run");
        var failing = configuration.Pipelines
            .Where(p => board.All.TryGetValue(p.Name, out var s) && (s.FailedInARow >= FailedRunsReported || s.LastRun?.Unavailable is not null))
            .ToDictionary(
                p => p.Name,
                p => board.All[p.Name].LastRun?.Unavailable is { } unavailable
                    ? $"its last run failed: {unavailable}"
                    : $"failed its last {board.All[p.Name].FailedInARow} runs: {board.All[p.Name].LastRun?.Summary}");
        var status = store != "ok" ? "unhealthy" : failing.Count > 0 ? "degraded" : "ok";
        var body = new { status, stateStore = store, pipelines, failing, pluginFailures = plugins.Failures.Count };
        return (store == "ok" ? 200 : 503, body);
    }

    private async Task<string> CheckStoreAsync(CancellationToken cancellationToken)
    {
        if (state is SqliteStateStore sqlite && !File.Exists(sqlite.DatabasePath))
        {
            return $"the database file {sqlite.DatabasePath} is gone: stop the host, restore the file from a backup (or remove its -wal and -shm files to start empty) and start it again";
        }

        try
        {
            var now = clock.GetUtcNow().ToString("O", CultureInfo.InvariantCulture);
            await state.Records.PutAsync(new StoredRecord(HeartbeatCollection, Environment.MachineName, "alive", $"{{\"at\":\"{now}\"}}"), cancellationToken).ConfigureAwait(false);
            return "ok";
        }
#pragma warning disable CA1031 // the health check reports any failure of the store instead of throwing
        catch (Exception ex) when (ex is not OperationCanceledException)
#pragma warning restore CA1031
        {
            return $"cannot write: {ex.Message}";
        }
    }
}

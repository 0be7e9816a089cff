using System.Diagnostics.Metrics;
using ConnectorHost.State;

namespace ConnectorHost.Metrics;

/// <summary>
/// Gauges read from the state store when <c>/metrics</c> is scraped: documents by status, dossier tasks waiting or
/// running per queue (the queue depth), failed tasks, and open accountant instructions. A store that does not answer
/// gives no values, and the scrape goes on.
/// </summary>
internal sealed class StateGauges : IDisposable
{
    private readonly Meter _meter = new(HostMetrics.MeterName);

    public StateGauges(IHostStateStore state)
    {
        _meter.CreateObservableGauge(
            "connectorhost.documents",
            () => Read(() => state.Documents.CountByStatusAsync(CancellationToken.None), counts =>
                counts.Select(c => new Measurement<long>(c.Value, new KeyValuePair<string, object?>("status", c.Key.ToString())))),
            "{document}",
            "Documents in the ledger by status (Pending, Approved, Rejected, ClientNotFound, FinallyFailed, ...).");
        _meter.CreateObservableGauge(
            "connectorhost.queue.depth",
            () => Read(() => state.Tasks.ListDossiersAsync(null, CancellationToken.None), dossiers =>
                dossiers.GroupBy(d => d.Queue).Select(q => new Measurement<long>(q.Sum(d => d.Waiting + d.Running), new KeyValuePair<string, object?>("queue", q.Key)))),
            "{task}",
            "Dossier tasks waiting or running, by queue.");
        _meter.CreateObservableGauge(
            "connectorhost.tasks.failed",
            () => Read(() => state.Tasks.ListDossiersAsync(null, CancellationToken.None), dossiers =>
                dossiers.GroupBy(d => d.Queue).Select(q => new Measurement<long>(q.Sum(d => d.Failed), new KeyValuePair<string, object?>("queue", q.Key)))),
            "{task}",
            "Dossier tasks that failed and wait for a person, by queue.");
        _meter.CreateObservableGauge(
            "connectorhost.instructions.open",
            () => Read(() => state.Instructions.ListAsync(openOnly: true, CancellationToken.None), open => [new Measurement<long>(open.Count)]),
            "{instruction}",
            "Accountant instructions not yet resolved.");
    }

    public void Dispose() => _meter.Dispose();

    private static IEnumerable<Measurement<long>> Read<T>(Func<Task<T>> query, Func<T, IEnumerable<Measurement<long>>> measure)
    {
        try
        {
            return measure(query().GetAwaiter().GetResult()).ToList();
        }
#pragma warning disable CA1031 // a store that does not answer shows as missing values (and as unhealthy on /healthz)
        catch (Exception)
#pragma warning restore CA1031
        {
            return [];
        }
    }
}

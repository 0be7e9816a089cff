using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace ConnectorHost.Metrics;

/// <summary>
/// The host's measurements under the meter <c>ConnectorHost</c>, served in Prometheus text format on the dashboard's
/// <c>/metrics</c>: pipeline runs by outcome and their duration, dossier task durations by outcome. The counts that
/// live in the state store (documents by status, queue depth, open instructions) are <see cref="StateGauges"/>.
/// </summary>
internal static class HostMetrics
{
    public const string MeterName = "ConnectorHost";

    private static readonly Meter Meter = new(MeterName);

    /// <summary>Bucket bounds in seconds, from a quick SOAP call to a long import.</summary>
    private static readonly InstrumentAdvice<double> Seconds = new()
    {
        HistogramBucketBoundaries = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800],
    };

    private static readonly Counter<long> PipelineRuns = Meter.CreateCounter<long>(
        "connectorhost.pipeline.runs", "{run}", "Pipeline runs by pipeline and outcome (Succeeded, PartlyFailed, Failed, Cancelled).");

    private static readonly Histogram<double> PipelineRunDuration = Meter.CreateHistogram<double>(
        "connectorhost.pipeline.run.duration", "s", "How long pipeline runs took, by pipeline.", tags: null, advice: Seconds);

    private static readonly Histogram<double> TaskDuration = Meter.CreateHistogram<double>(
        "connectorhost.task.duration", "s", "How long a dossier task took from claim to its end, by queue and outcome (done, retry, failed).", tags: null, advice: Seconds);

    private static readonly ConcurrentDictionary<(long Task, long Token), long> Claimed = new();

    public static void PipelineRun(string pipeline, string outcome, TimeSpan duration)
    {
        var tags = new TagList { { "pipeline", pipeline }, { "outcome", outcome } };
        PipelineRuns.Add(1, tags);
        PipelineRunDuration.Record(duration.TotalSeconds, new KeyValuePair<string, object?>("pipeline", pipeline));
    }

    /// <summary>Notes when a task was claimed, to measure it when its lease ends.</summary>
    public static void TaskClaimed(long task, long fencingToken) => Claimed[(task, fencingToken)] = Stopwatch.GetTimestamp();

    /// <summary>Records the duration of a task whose lease ended with <paramref name="outcome"/>.</summary>
    public static void TaskEnded(string queue, long task, long fencingToken, string outcome)
    {
        if (Claimed.TryRemove((task, fencingToken), out var started))
        {
            TaskDuration.Record(
                Stopwatch.GetElapsedTime(started).TotalSeconds,
                new KeyValuePair<string, object?>("queue", queue),
                new KeyValuePair<string, object?>("outcome", outcome));
        }
    }
}

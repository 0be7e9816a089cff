namespace ConnectorHost.Pipelines;

/// <summary>What one run of a pipeline did, for the log, the CLI and the dashboard.</summary>
/// <param name="Pipeline">The pipeline.</param>
/// <param name="Outcome">How the run ended.</param>
/// <param name="Summary">One line saying what was done.</param>
/// <param name="StartedAt">When it started.</param>
/// <param name="Duration">How long it took.</param>
public sealed record PipelineRunResult(string Pipeline, RunOutcome Outcome, string Summary, DateTimeOffset StartedAt, TimeSpan Duration)
{
    /// <summary>
    /// Set when the run could not reach part of its source (a missing folder, a read that hung; FH-1, FH-2): the
    /// pipeline is reported degraded on <c>/healthz</c> at once, not only after several failed runs.
    /// </summary>
    public string? Unavailable { get; init; }
}

/// <summary>How a run ended.</summary>
public enum RunOutcome
{
    /// <summary>Everything done.</summary>
    Succeeded,

    /// <summary>Some work failed and will be retried; the run itself completed.</summary>
    PartlyFailed,

    /// <summary>The run failed as a whole (an exception, refused credentials); retried at the next run.</summary>
    Failed,

    /// <summary>Stopped by shutdown; the work is left resumable.</summary>
    Cancelled,
}

/// <summary>Runs one pipeline once.</summary>
internal interface IPipelineRunner
{
    /// <summary>The pipeline's name.</summary>
    string Name { get; }

    /// <summary>Does one run.</summary>
    /// <param name="cancellationToken">Signals shutdown.</param>
    /// <returns>What was done: a one-line summary and whether it all went well.</returns>
    Task<(RunOutcome Outcome, string Summary)> RunOnceAsync(CancellationToken cancellationToken);

    /// <summary>Starts watching for changes that should trigger a run sooner.</summary>
    /// <param name="wake">Called when a run should happen soon.</param>
    /// <returns>Stops watching when disposed.</returns>
    IDisposable? Watch(Action wake);
}

using System.Collections.Concurrent;

namespace ConnectorHost.Pipelines;

/// <summary>The last and next run of every pipeline, for the CLI, the health check and the dashboard.</summary>
public sealed class PipelineStatusBoard
{
    private readonly ConcurrentDictionary<string, PipelineStatus> _statuses = new(StringComparer.Ordinal);

    /// <summary>Every pipeline's status, by name.</summary>
    public IReadOnlyDictionary<string, PipelineStatus> All => _statuses;

    /// <summary>Records that a run started.</summary>
    /// <param name="pipeline">The pipeline.</param>
    /// <param name="at">When.</param>
    public void Started(string pipeline, DateTimeOffset at) =>
        _statuses.AddOrUpdate(
            pipeline,
            _ => new PipelineStatus { Running = true, RunningSince = at },
            (_, s) => s with { Running = true, RunningSince = at, RunningElsewhere = null });

    /// <summary>Records that another process holds the pipeline's lease (H-5): this host stands by.</summary>
    /// <param name="pipeline">The pipeline.</param>
    /// <param name="holder">Who runs it, as people read it ("host X (process N)").</param>
    public void Elsewhere(string pipeline, string? holder) =>
        _statuses.AddOrUpdate(pipeline, _ => new PipelineStatus { RunningElsewhere = holder }, (_, s) => s with { RunningElsewhere = holder });

    /// <summary>Records a finished run.</summary>
    /// <param name="result">The run's result.</param>
    /// <param name="next">When it runs next.</param>
    public void Finished(PipelineRunResult result, DateTimeOffset? next)
    {
        ArgumentNullException.ThrowIfNull(result);
        _statuses.AddOrUpdate(
            result.Pipeline,
            _ => new PipelineStatus { LastRun = result, NextRun = next, Runs = 1, FailedInARow = result.Outcome == RunOutcome.Failed ? 1 : 0 },
            (_, s) => s with
            {
                Running = false,
                RunningSince = null,
                RunningElsewhere = null,
                LastRun = result,
                NextRun = next,
                Runs = s.Runs + 1,
                FailedInARow = result.Outcome == RunOutcome.Failed ? s.FailedInARow + 1 : 0,
            });
    }

    /// <summary>Forgets a pipeline that no longer runs (removed from the configuration).</summary>
    /// <param name="pipeline">The pipeline.</param>
    public void Forget(string pipeline) => _statuses.TryRemove(pipeline, out _);

    /// <summary>Records when a pipeline runs next.</summary>
    /// <param name="pipeline">The pipeline.</param>
    /// <param name="next">When.</param>
    public void Scheduled(string pipeline, DateTimeOffset? next) =>
        _statuses.AddOrUpdate(pipeline, _ => new PipelineStatus { NextRun = next }, (_, s) => s with { NextRun = next });
}

/// <summary>Where one pipeline stands.</summary>
public sealed record PipelineStatus
{
    /// <summary>Whether a run is going on.</summary>
    public bool Running { get; init; }

    /// <summary>The host that holds the pipeline's lease and runs it, when it is not this one (H-5).</summary>
    public string? RunningElsewhere { get; init; }

    /// <summary>When the current run started.</summary>
    public DateTimeOffset? RunningSince { get; init; }

    /// <summary>The last finished run.</summary>
    public PipelineRunResult? LastRun { get; init; }

    /// <summary>When it runs next.</summary>
    public DateTimeOffset? NextRun { get; init; }

    /// <summary>How many runs finished since the host started.</summary>
    public int Runs { get; init; }

    /// <summary>How many of the last runs failed as a whole, one after the other (0 after a run that did not fail).</summary>
    public int FailedInARow { get; init; }
}

using ConnectorHost.Configuration;
using Microsoft.Extensions.Logging;

namespace ConnectorHost.Pipelines;

/// <summary>
/// Brings the running pipelines in line with a new set of pipeline definitions, touching only what differs: a
/// removed (or disabled) pipeline drains and stops, a changed one drains (its run finishes) and starts again with its
/// new definition, a new one starts, an unchanged one keeps running untouched. Used by the configuration reload
/// (an edited YAML file) and by anything else that brings new definitions, such as a reloaded plugin, whose new
/// factories make its pipelines count as changed (or pass their names in <c>restartAnyway</c>).
/// <para>
/// One application at a time; a changed pipeline is stopped before its successor starts (a sandbox server gives up
/// its port first). A pipeline whose components cannot be created is reported in <see cref="PipelineChanges.Failed"/>
/// and does not run; the others go on.
/// </para>
/// </summary>
internal sealed partial class PipelineSupervisor : IDisposable
{
    private readonly PipelineScheduler _scheduler;
    private readonly IPipelineFactory _factory;
    private readonly ILogger<PipelineSupervisor> _logger;
    private readonly TimeSpan? _drainTimeout;
    private readonly SemaphoreSlim _applying = new(1, 1);
    private readonly Dictionary<string, PipelineDefinition> _applied = new(StringComparer.Ordinal);

    /// <summary>Creates the supervisor of a scheduler that already runs (or will run) some pipelines.</summary>
    /// <param name="scheduler">Runs the pipelines.</param>
    /// <param name="factory">Creates and releases their components.</param>
    /// <param name="running">The definitions of the pipelines the scheduler runs already (others in the list are ignored).</param>
    /// <param name="logger">Logs what it changes.</param>
    /// <param name="drainTimeout">How long a draining pipeline's running work may take; the scheduler's shutdown timeout when null.</param>
    public PipelineSupervisor(PipelineScheduler scheduler, IPipelineFactory factory, IEnumerable<PipelineDefinition> running, ILogger<PipelineSupervisor> logger, TimeSpan? drainTimeout = null)
    {
        _scheduler = scheduler;
        _factory = factory;
        _logger = logger;
        _drainTimeout = drainTimeout;
        var names = scheduler.PipelineNames.ToHashSet(StringComparer.Ordinal);
        foreach (var pipeline in running.Where(p => names.Contains(p.Name)))
        {
            _applied[pipeline.Name] = pipeline;
        }
    }

    /// <summary>The definitions running now, by name.</summary>
    public IReadOnlyDictionary<string, PipelineDefinition> Applied
    {
        get
        {
            lock (_applied)
            {
                return new Dictionary<string, PipelineDefinition>(_applied, StringComparer.Ordinal);
            }
        }
    }

    /// <summary>Makes the running pipelines those of <paramref name="pipelines"/>, changing only what differs.</summary>
    /// <param name="pipelines">Every pipeline that should run from now on (disabled ones are left out).</param>
    /// <param name="restartAnyway">Names to drain and start again even if their definition looks the same.</param>
    /// <param name="cancellationToken">Stops waiting for an earlier application; a drain once begun is finished.</param>
    /// <returns>What was started, restarted, stopped, left alone, or could not start.</returns>
    public async Task<PipelineChanges> ApplyAsync(IEnumerable<PipelineDefinition> pipelines, IReadOnlySet<string>? restartAnyway = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pipelines);
        var desired = pipelines.Where(p => p.Enabled).ToDictionary(p => p.Name, StringComparer.Ordinal);
        await _applying.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var applied = Applied;
            var stopped = applied.Keys.Where(n => !desired.ContainsKey(n)).Order(StringComparer.Ordinal).ToList();
            var changed = applied.Keys.Where(n => desired.TryGetValue(n, out var edited)
                    && (restartAnyway?.Contains(n) == true || !PipelineDefinitionComparer.Same(applied[n], edited)))
                .Order(StringComparer.Ordinal).ToList();
            var added = desired.Keys.Where(n => !applied.ContainsKey(n)).Order(StringComparer.Ordinal).ToList();
            var unchanged = applied.Keys.Where(n => desired.ContainsKey(n) && !changed.Contains(n)).Order(StringComparer.Ordinal).ToList();

            await Task.WhenAll(stopped.Concat(changed).Select(DrainAndReleaseAsync)).ConfigureAwait(false);

            var failed = new Dictionary<string, string>(StringComparer.Ordinal);
            var started = new List<string>();
            var restarted = new List<string>();
            foreach (var name in changed.Concat(added))
            {
                if (await StartAsync(desired[name]).ConfigureAwait(false) is { } reason)
                {
                    failed[name] = reason;
                }
                else
                {
                    (changed.Contains(name) ? restarted : started).Add(name);
                }
            }

            return new PipelineChanges(started, restarted, stopped, unchanged, failed);
        }
        finally
        {
            _applying.Release();
        }
    }

    public void Dispose() => _applying.Dispose();

    private async Task DrainAndReleaseAsync(string name)
    {
        await _scheduler.DrainAsync(name, _drainTimeout).ConfigureAwait(false);
        lock (_applied)
        {
            _applied.Remove(name);
        }

        await _factory.ReleaseAsync(name).ConfigureAwait(false);
        LogDrained(name);
    }

    /// <summary>Creates and schedules one pipeline; returns why it could not, or null.</summary>
    private async Task<string?> StartAsync(PipelineDefinition pipeline)
    {
        try
        {
            _scheduler.Start(_factory.Create(pipeline));
        }
#pragma warning disable CA1031 // a component that cannot be created takes down its own pipeline only
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogStartFailed(ex, pipeline.Name, ex.Message);
            await _factory.ReleaseAsync(pipeline.Name).ConfigureAwait(false); // what was created before the failure
            return ex.Message;
        }

        lock (_applied)
        {
            _applied[pipeline.Name] = pipeline;
        }

        LogStarted(pipeline.Name, pipeline.Schedule.ToString());
        return null;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Pipeline {Pipeline} has drained and its components are released")]
    private partial void LogDrained(string pipeline);

    [LoggerMessage(Level = LogLevel.Information, Message = "Pipeline {Pipeline} started ({Schedule})")]
    private partial void LogStarted(string pipeline, string schedule);

    [LoggerMessage(Level = LogLevel.Error, Message = "Pipeline {Pipeline} is not started: its components could not be created ({Reason}). The other pipelines run; fix its settings and save the configuration again.")]
    private partial void LogStartFailed(Exception exception, string pipeline, string reason);
}

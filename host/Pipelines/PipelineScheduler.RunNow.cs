using Microsoft.Extensions.Logging;

namespace ConnectorHost.Pipelines;

/// <summary>The scheduler's runs on demand: Run now on the dashboard and <c>run-once</c>, through the same gate and lease as a scheduled run.</summary>
internal sealed partial class PipelineScheduler
{
    /// <summary>Runs one pipeline now, outside its schedule, waiting if it is running already.</summary>
    /// <param name="name">The pipeline.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>The run's result.</returns>
    public async Task<PipelineRunResult> RunNowAsync(string name, CancellationToken cancellationToken)
    {
        var loop = await AcquireAsync(name, cancellationToken).ConfigureAwait(false)
            ?? throw new ArgumentException($"There is no pipeline '{name}'. Known: {string.Join(", ", PipelineNames)}.", nameof(name));
        try
        {
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, loop.WorkToken);
            if (leases is null)
            {
                return await RunOnceAsync(loop.Pipeline, linked.Token).ConfigureAwait(false);
            }

            var lease = await leases.TakeAsync(name, linked.Token).ConfigureAwait(false);
            await using (lease.ConfigureAwait(false))
            {
                return await RunOnceAsync(loop.Pipeline, linked.Token, lease).ConfigureAwait(false);
            }
        }
        finally
        {
            loop.Gate.Release();
        }
    }

    /// <summary>
    /// Starts a Run now in the background (the dashboard's button): the same gate, lease and reporting as a scheduled
    /// run (its result on the board and in the log). A Run now that cannot start (its lease cannot be taken) is a
    /// failed run on the board too, so the dashboard shows why, and is logged; it is never lost. It stops waiting
    /// when the host stops.
    /// </summary>
    /// <param name="name">The pipeline.</param>
    /// <returns>The run, done when it has finished or failed to start (never faulted).</returns>
    public Task StartRunNow(string name) => RunNowReportedAsync(name);

    private async Task RunNowReportedAsync(string name)
    {
        var requestedAt = clock.GetUtcNow();
        try
        {
            await RunNowAsync(name, _stopping).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // the host is stopping
        }
#pragma warning disable CA1031 // a Run now that could not start is reported on the board and in the log; the schedule goes on
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogRunNowFailed(ex, name, ex.Message);
            if (PipelineNames.Contains(name))
            {
                var failed = new PipelineRunResult(name, RunOutcome.Failed, $"Run now could not start: {ex.Message}", requestedAt, clock.GetUtcNow() - requestedAt);
                board.Finished(failed, board.All.GetValueOrDefault(name)?.NextRun);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Run now of pipeline {Pipeline} could not start: {Error}. Its schedule goes on; try again from the dashboard or with 'connectorhost run-once'.")]
    private partial void LogRunNowFailed(Exception exception, string pipeline, string error);
}

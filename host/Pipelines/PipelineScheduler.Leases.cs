using ConnectorHost.Configuration;
using Microsoft.Extensions.Logging;

namespace ConnectorHost.Pipelines;

/// <summary>The scheduler's side of the pipeline leases (H-5): a scheduled run takes the lease, or stands by while another host runs the pipeline.</summary>
internal sealed partial class PipelineScheduler
{
    /// <summary>
    /// A scheduled run: waits for the gate unless the loop is told to stop meanwhile (then stopped), then takes the
    /// pipeline's lease; when another process holds it, the run does not happen (refused).
    /// </summary>
    private async Task<(bool Stopped, PipelineRunResult? Result, State.LeaseAttempt? Refused)> RunGatedAsync(
        PipelineLoop loop, DateTimeOffset? occurrence, CancellationToken stoppingToken)
    {
        try
        {
            await loop.Gate.WaitAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return (true, null, null);
        }

        try
        {
            if (leases is null)
            {
                return (false, await RunOnceAsync(loop.Pipeline, loop.WorkToken).ConfigureAwait(false), null);
            }

            HeldPipelineLease? lease;
            State.LeaseAttempt attempt;
            try
            {
                (lease, attempt) = await leases.TryTakeAsync(loop.Pipeline.Runner.Name, occurrence, loop.WorkToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (loop.WorkToken.IsCancellationRequested)
            {
                return (true, null, null);
            }
#pragma warning disable CA1031 // the store cannot be reached: the run fails as a whole and is tried again
            catch (Exception ex)
#pragma warning restore CA1031
            {
                var failed = new PipelineRunResult(loop.Pipeline.Runner.Name, RunOutcome.Failed, $"its lease could not be taken: {ex.Message}", clock.GetUtcNow(), TimeSpan.Zero);
                LogRunFailed(ex, failed.Pipeline, failed.Summary);
                board.Finished(failed, null);
                return (false, failed, null);
            }

            if (lease is null)
            {
                return (false, null, attempt);
            }

            await using (lease.ConfigureAwait(false))
            {
                return (false, await RunOnceAsync(loop.Pipeline, loop.WorkToken, lease).ConfigureAwait(false), null);
            }
        }
        finally
        {
            loop.Gate.Release();
        }
    }

    /// <summary>
    /// Another process holds the pipeline (or ran this occurrence already): shows it, and tries again when its lease
    /// would run out (or at the next interval, when sooner); a finished occurrence moves on to the next one.
    /// </summary>
    private (DateTimeOffset? Next, DateTimeOffset? StandingBy) StandBy(ScheduledPipeline pipeline, State.LeaseAttempt refused, DateTimeOffset? occurrence)
    {
        var name = pipeline.Runner.Name;
        var now = clock.GetUtcNow();
        var holder = State.LeaseHolder.Describe(refused.HeldBy ?? "?");
        if (refused.OccurrenceDone)
        {
            board.Elsewhere(name, null);
            LogOccurrenceDone(name, occurrence, holder);
            return (pipeline.Schedule.Next(now), null);
        }

        if (!string.Equals(board.All.GetValueOrDefault(name)?.RunningElsewhere, holder, StringComparison.Ordinal))
        {
            LogStandingBy(name, holder, refused.HeldUntil);
        }

        board.Elsewhere(name, holder);
        var retry = refused.HeldUntil is { } until && until > now ? until + TimeSpan.FromMilliseconds(50) : now + TimeSpan.FromSeconds(1);
        var regular = pipeline.Schedule is EverySchedule ? pipeline.Schedule.Next(now) : null;
        return (regular is { } r && r < retry ? r : retry, occurrence);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Pipeline {Pipeline} is running on {Holder}; this host stands by and takes it over if that host stops renewing its lease (now until {Until})")]
    private partial void LogStandingBy(string pipeline, string holder, DateTimeOffset? until);

    [LoggerMessage(Level = LogLevel.Information, Message = "Pipeline {Pipeline}: its run of {Occurrence} was done by {Holder}; this host waits for the next one")]
    private partial void LogOccurrenceDone(string pipeline, DateTimeOffset? occurrence, string holder);
}

using ConnectorHost.State;
using Microsoft.Extensions.Logging;

namespace ConnectorHost.Pipelines;

/// <summary>
/// Takes pipeline leases for this process (H-5, H-6): a scheduled run tries once and stands by when another process
/// holds the pipeline; a Run now, a <c>run-once</c>, a <c>command</c> or a dashboard action waits until the lease is
/// free. Every holder shows on the dashboard as "running on host X".
/// </summary>
internal sealed partial class PipelineLeaseKeeper(IPipelineLeases leases, TimeSpan leaseTime, TimeProvider clock, ILogger<PipelineLeaseKeeper> logger, string? holder = null)
{
    /// <summary>How often a waiting caller asks again.</summary>
    private static readonly TimeSpan WaitStep = TimeSpan.FromMilliseconds(500);

    /// <summary>This process's holder id (<see cref="LeaseHolder.Id"/> unless a test names its "hosts").</summary>
    public string Holder { get; } = holder ?? LeaseHolder.Id;

    /// <summary>Tries once to take the lease of a scheduled run.</summary>
    /// <param name="pipeline">The pipeline.</param>
    /// <param name="occurrence">The cron occurrence the run is for, or <c>null</c> (interval schedules, retries).</param>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>The lease held, or the attempt's refusal.</returns>
    public async Task<(HeldPipelineLease? Lease, LeaseAttempt Attempt)> TryTakeAsync(string pipeline, DateTimeOffset? occurrence, CancellationToken cancellationToken)
    {
        var attempt = await leases.TryAcquireAsync(pipeline, Holder, leaseTime, occurrence, cancellationToken).ConfigureAwait(false);

        if (attempt.Lease is null)
        {
            return (null, attempt);
        }

        if (attempt.TakenOverFrom is { } previous)
        {
            LogTakenOver(pipeline, LeaseHolder.Describe(previous));
        }

        return (new HeldPipelineLease(attempt.Lease, leases, leaseTime, clock, logger), attempt);
    }

    /// <summary>Takes the lease, waiting while another process holds it.</summary>
    /// <param name="pipeline">The pipeline.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>The lease held.</returns>
    public async Task<HeldPipelineLease> TakeAsync(string pipeline, CancellationToken cancellationToken)
    {
        string? waitingFor = null;
        while (true)
        {
            var (lease, attempt) = await TryTakeAsync(pipeline, null, cancellationToken).ConfigureAwait(false);
            if (lease is not null)
            {
                return lease;
            }

            if (!string.Equals(waitingFor, attempt.HeldBy, StringComparison.Ordinal))
            {
                waitingFor = attempt.HeldBy;
                LogWaiting(pipeline, LeaseHolder.Describe(attempt.HeldBy ?? "?"), attempt.HeldUntil);
            }

            await Task.Delay(WaitStep, clock, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Runs work under the pipeline's lease (waiting for it): it is cancelled, and its writes refused, when the lease is lost.</summary>
    /// <typeparam name="T">The work's result.</typeparam>
    /// <param name="pipeline">The pipeline.</param>
    /// <param name="work">The work.</param>
    /// <param name="cancellationToken">Stops waiting and the work.</param>
    /// <returns>The work's result.</returns>
    public async Task<T> RunLeasedAsync<T>(string pipeline, Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        var lease = await TakeAsync(pipeline, cancellationToken).ConfigureAwait(false);
        await using (lease.ConfigureAwait(false))
        {
            return await RunUnderAsync(lease, work, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Runs work under a lease held: cancelled when it is lost, its writes fenced with its token.</summary>
    /// <typeparam name="T">The work's result.</typeparam>
    /// <param name="lease">The lease.</param>
    /// <param name="work">The work.</param>
    /// <param name="cancellationToken">Stops the work.</param>
    /// <returns>The work's result.</returns>
    public static async Task<T> RunUnderAsync<T>(HeldPipelineLease lease, Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lease);
        ArgumentNullException.ThrowIfNull(work);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, lease.Lost);
        using (WriteFence.Enter(lease.Fence))
        {
            try
            {
                return await work(linked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (lease.Lost.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                throw new LeaseLostException(lease.Fence.Lease);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Pipeline {Pipeline}: took it over from {Previous}, whose lease ran out without being given back (that host stopped or hung); its unfinished work resumes here")]
    private partial void LogTakenOver(string pipeline, string previous);

    [LoggerMessage(Level = LogLevel.Information, Message = "Pipeline {Pipeline} is running on {Holder} (lease until {Until}); waiting for it to finish")]
    private partial void LogWaiting(string pipeline, string holder, DateTimeOffset? until);
}

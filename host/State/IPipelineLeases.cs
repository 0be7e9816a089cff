namespace ConnectorHost.State;

/// <summary>
/// H-5: which process runs a pipeline now. A lease is a row per pipeline with its holder, a fencing token that grows
/// with every new holder, and an expiry on the store's clock (the database's clock on PostgreSQL, the one clock all
/// hosts agree on). Only the holder runs the pipeline; the holder renews it while it works (H-7); when the holder
/// dies, the lease runs out and another process may take it. A scheduled run names its occurrence, so that a cron
/// occurrence that one host finished is not run again by another.
/// </summary>
public interface IPipelineLeases
{
    /// <summary>Takes the pipeline's lease when nobody holds it (or the holder's lease ran out).</summary>
    /// <param name="pipeline">The pipeline.</param>
    /// <param name="holder">Who takes it: <see cref="LeaseHolder.Id"/> of this process.</param>
    /// <param name="leaseFor">How long the lease lasts unless renewed.</param>
    /// <param name="occurrence">The schedule's occurrence a scheduled cron run is for; <c>null</c> for any other run.</param>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>The lease taken, or who holds it (or that the occurrence was run already).</returns>
    Task<LeaseAttempt> TryAcquireAsync(string pipeline, string holder, TimeSpan leaseFor, DateTimeOffset? occurrence, CancellationToken cancellationToken);

    /// <summary>Extends a held lease; fails when another holder took it meanwhile (its token changed).</summary>
    /// <param name="lease">The lease.</param>
    /// <param name="leaseFor">How long from now.</param>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>The renewed lease, or <c>null</c> when it was lost.</returns>
    Task<PipelineLease?> RenewAsync(PipelineLease lease, TimeSpan leaseFor, CancellationToken cancellationToken);

    /// <summary>Gives the lease back (its occurrence, if any, counts as done); nothing happens when it was lost.</summary>
    /// <param name="lease">The lease.</param>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>A task that completes when the lease is free.</returns>
    Task ReleaseAsync(PipelineLease lease, CancellationToken cancellationToken);

    /// <summary>Every pipeline's lease as stored, held or not.</summary>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>The leases, by pipeline name.</returns>
    Task<IReadOnlyList<PipelineLeaseState>> ListAsync(CancellationToken cancellationToken);
}

/// <summary>A lease held.</summary>
/// <param name="Pipeline">The pipeline.</param>
/// <param name="Holder">Who holds it.</param>
/// <param name="Token">The fencing token: larger for every new holder; a write with an older one is refused.</param>
/// <param name="ExpiresAt">When it runs out unless renewed (the store's clock).</param>
public sealed record PipelineLease(string Pipeline, string Holder, long Token, DateTimeOffset ExpiresAt);

/// <summary>The answer to <see cref="IPipelineLeases.TryAcquireAsync"/>.</summary>
/// <param name="Lease">The lease taken, or <c>null</c>.</param>
/// <param name="HeldBy">When not taken: who holds it.</param>
/// <param name="HeldUntil">When not taken: when that lease runs out unless renewed.</param>
/// <param name="OccurrenceDone">When not taken: the occurrence asked for was run already (by <paramref name="HeldBy"/> or earlier).</param>
/// <param name="TakenOverFrom">When taken: the holder whose lease ran out without being given back (it died or hung).</param>
public sealed record LeaseAttempt(PipelineLease? Lease, string? HeldBy, DateTimeOffset? HeldUntil, bool OccurrenceDone, string? TakenOverFrom);

/// <summary>A pipeline's lease as stored.</summary>
/// <param name="Pipeline">The pipeline.</param>
/// <param name="Holder">The holder, or the last one.</param>
/// <param name="Token">The fencing token.</param>
/// <param name="AcquiredAt">When the holder took it.</param>
/// <param name="ExpiresAt">When it runs (or ran) out.</param>
/// <param name="Released">Whether the holder gave it back.</param>
public sealed record PipelineLeaseState(string Pipeline, string Holder, long Token, DateTimeOffset AcquiredAt, DateTimeOffset ExpiresAt, bool Released);

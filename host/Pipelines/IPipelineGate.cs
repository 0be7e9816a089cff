namespace ConnectorHost.Pipelines;

/// <summary>Runs work that must not overlap a pipeline's own run.</summary>
internal interface IPipelineGate
{
    /// <summary>Runs <paramref name="work"/> when the pipeline is not running, keeping it from starting meanwhile.</summary>
    /// <typeparam name="T">The work's result.</typeparam>
    /// <param name="name">The pipeline.</param>
    /// <param name="work">The work.</param>
    /// <param name="cancellationToken">Stops waiting and the work.</param>
    /// <returns>The work's result.</returns>
    Task<T> ExclusiveAsync<T>(string name, Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken);
}

/// <summary>
/// The gate of a process that runs no schedule (the command line, H-6): the work holds the pipeline's lease in the
/// state store, so it never overlaps a run of a host beside it; it waits while that host runs the pipeline.
/// </summary>
internal sealed class LeaseGate(PipelineLeaseKeeper leases) : IPipelineGate
{
    public Task<T> ExclusiveAsync<T>(string name, Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken) =>
        leases.RunLeasedAsync(name, work, cancellationToken);
}

using ConnectorHost.Abstractions.State;

namespace ConnectorHost.State;

/// <summary>
/// The whole state store as the host sees it: what plugins see, plus the document ledger and schema management.
/// Implemented for SQLite (the default) and, later, PostgreSQL, without callers knowing which.
/// </summary>
public interface IHostStateStore : IStateStore
{
    /// <summary>The document ledger.</summary>
    IDocumentLedger Documents { get; }

    /// <summary>The pipeline leases: which process runs each pipeline (H-5).</summary>
    IPipelineLeases Leases { get; }

    /// <summary>What the dashboard reads (UI-1..UI-5).</summary>
    IDashboardQueries Dashboard { get; }

    /// <summary>Creates the store if needed and migrates it to the newest schema version.</summary>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>The schema version after migration.</returns>
    Task<int> MigrateAsync(CancellationToken cancellationToken);

    /// <summary>Checks the store answers (for readiness).</summary>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>A task that fails when the store does not answer.</returns>
    Task PingAsync(CancellationToken cancellationToken);
}

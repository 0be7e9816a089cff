namespace ConnectorHost.Abstractions.State;

/// <summary>
/// The host's durable state, shared by all pipelines: SQLite by default, PostgreSQL for several hosts. Every
/// method is one transaction; nothing is half-written after a crash.
/// </summary>
public interface IStateStore
{
    /// <summary>Keyed records a plugin keeps for itself (statuses, fingerprints of what was sent).</summary>
    IRecordStore Records { get; }

    /// <summary>The FIFO queue of dossier tasks.</summary>
    ITaskQueue Tasks { get; }

    /// <summary>Accountant instructions, open and resolved.</summary>
    IInstructionStore Instructions { get; }

    /// <summary>Who did what, when.</summary>
    IAuditLog Audit { get; }
}

namespace ConnectorHost.Abstractions.State;

/// <summary>Accountant instructions (AT-5): created by <see cref="ITaskQueue.FailAndBlockAsync"/>, resolved by a person.</summary>
public interface IInstructionStore
{
    /// <summary>Lists instructions, oldest first.</summary>
    /// <param name="openOnly">Only those not yet resolved.</param>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>The instructions.</returns>
    Task<IReadOnlyList<StoredInstruction>> ListAsync(bool openOnly, CancellationToken cancellationToken);

    /// <summary>
    /// Marks an instruction done: its failed task waits again and its dossier is unblocked, in one transaction.
    /// </summary>
    /// <param name="id">The instruction's id.</param>
    /// <param name="resolvedBy">Who resolved it, for the audit log.</param>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns><c>false</c> when there is no such open instruction.</returns>
    Task<bool> ResolveAsync(long id, string resolvedBy, CancellationToken cancellationToken);
}

/// <summary>An instruction as the store holds it.</summary>
/// <param name="Id">Its id.</param>
/// <param name="TaskId">The failed task, if it came from the queue.</param>
/// <param name="Instruction">What to do.</param>
/// <param name="CreatedAt">When it was created.</param>
/// <param name="ResolvedAt">When it was resolved, or <c>null</c> while open.</param>
/// <param name="ResolvedBy">Who resolved it.</param>
public sealed record StoredInstruction(
    long Id,
    long? TaskId,
    Sync.Instruction Instruction,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ResolvedAt,
    string? ResolvedBy);

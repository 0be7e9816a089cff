namespace ConnectorHost.Abstractions.State;

/// <summary>
/// Accountant instructions (AT-5, H-8): created by <see cref="ITaskQueue.FailAndBlockAsync"/> for a queue task, or by
/// <see cref="RecordAsync"/> for a pipeline whose run needs a person; resolved by a person.
/// </summary>
public interface IInstructionStore
{
    /// <summary>
    /// Records that a pipeline's run needs a person (H-8): a new instruction with the pipeline as its subject, unless
    /// one of the same pipeline and cause is still open (then that one is returned, and nothing is written).
    /// </summary>
    /// <param name="pipeline">The pipeline.</param>
    /// <param name="instruction">What to do.</param>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>The open instruction, and whether this call created it.</returns>
    Task<RecordedInstruction> RecordAsync(string pipeline, Sync.Instruction instruction, CancellationToken cancellationToken);

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

/// <summary>The answer to <see cref="IInstructionStore.RecordAsync"/>.</summary>
/// <param name="Id">The open instruction's id.</param>
/// <param name="IsNew">Whether it was created now (else it was open already).</param>
public sealed record RecordedInstruction(long Id, bool IsNew);

namespace ConnectorHost.Abstractions.Sync;

/// <summary>
/// Synchronisation work run on a pipeline's schedule: enrol customers at Certipost, push clients to CaseWare
/// Cloud, run the accounting platform's queued tasks. The host never runs one pipeline's task twice at once.
/// </summary>
public interface ISyncTask
{
    /// <summary>Does one run of the work.</summary>
    /// <param name="cancellationToken">Signals shutdown: finish the current unit or leave it resumable.</param>
    /// <returns>What the run achieved; the host logs it and shows it on the dashboard.</returns>
    Task<SyncResult> RunAsync(CancellationToken cancellationToken);
}

/// <summary>The result of one run of an <see cref="ISyncTask"/>.</summary>
/// <param name="Kind">Success, a transient failure, or a failure that needs a person.</param>
/// <param name="Summary">One line for the log, for example "12 clients sent, 3 skipped".</param>
public sealed record SyncResult(SyncResultKind Kind, string Summary)
{
    /// <summary>What the accountant or support must do, for <see cref="SyncResultKind.NeedsInstruction"/>.</summary>
    public Instruction? Instruction { get; init; }

    /// <summary>A successful run.</summary>
    /// <param name="summary">What was done.</param>
    /// <returns>The result.</returns>
    public static SyncResult Success(string summary) => new(SyncResultKind.Success, summary);

    /// <summary>A failure that will likely pass; the next run tries again.</summary>
    /// <param name="reason">What failed.</param>
    /// <returns>The result.</returns>
    public static SyncResult Transient(string reason) => new(SyncResultKind.Transient, reason);

    /// <summary>A failure a person must fix; the host records the instruction and mails it.</summary>
    /// <param name="instruction">What to do.</param>
    /// <returns>The result.</returns>
    public static SyncResult NeedsPerson(Instruction instruction) =>
        new(SyncResultKind.NeedsInstruction, instruction?.Text ?? string.Empty) { Instruction = instruction };
}

/// <summary>How a sync run ended.</summary>
public enum SyncResultKind
{
    /// <summary>All work done.</summary>
    Success,

    /// <summary>A passing failure (service unavailable); retried at the next run.</summary>
    Transient,

    /// <summary>A failure that needs the accountant or support; see <see cref="SyncResult.Instruction"/>.</summary>
    NeedsInstruction,
}

namespace ConnectorHost.State;

/// <summary>
/// The host's record of every document it has seen, keyed by SHA-256 over content and file name (CO-2, CO-7).
/// Written before and after every step, so that a crash at any point resumes without loss or a second submission.
/// </summary>
public interface IDocumentLedger
{
    /// <summary>Reads the entry of a key.</summary>
    /// <param name="key">The document key (hex SHA-256).</param>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>The entry, or <c>null</c> for a document never seen.</returns>
    Task<LedgerEntry?> GetAsync(string key, CancellationToken cancellationToken);

    /// <summary>
    /// Inserts a new entry unless the key is already present. Returns the entry as stored: the new one, or the
    /// existing one unchanged (which tells the caller the document is a duplicate or already in progress).
    /// </summary>
    /// <param name="entry">The entry to insert.</param>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>The stored entry and whether it was inserted now.</returns>
    Task<(LedgerEntry Entry, bool Inserted)> InsertIfNewAsync(LedgerEntry entry, CancellationToken cancellationToken);

    /// <summary>Moves an entry to a new status; <see cref="LedgerEntry.UpdatedAt"/> is set by the store.</summary>
    /// <param name="key">The document key.</param>
    /// <param name="change">What changes.</param>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>The entry after the change.</returns>
    Task<LedgerEntry> UpdateAsync(string key, LedgerChange change, CancellationToken cancellationToken);

    /// <summary>
    /// Starts a put-away document over when it is offered again (after "Niet gevonden", a refusal or "definitief
    /// mislukt"): status Submitting, no attempts, the new locator, and the next <see cref="LedgerEntry.Generation"/>
    /// so that the portal sees a fresh idempotency key.
    /// </summary>
    /// <param name="key">The document key.</param>
    /// <param name="locator">Where the document is now.</param>
    /// <param name="reason">Why it starts over, kept as the entry's reason.</param>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>The entry after the change.</returns>
    Task<LedgerEntry> OfferAgainAsync(string key, string locator, string reason, CancellationToken cancellationToken);

    /// <summary>Lists the entries of one pipeline (or all) in some statuses, oldest first.</summary>
    /// <param name="query">Which entries.</param>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>The entries.</returns>
    Task<IReadOnlyList<LedgerEntry>> ListAsync(LedgerQuery query, CancellationToken cancellationToken);

    /// <summary>How many documents there are in each status (statuses without any are left out).</summary>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>The counts by status.</returns>
    Task<IReadOnlyDictionary<LedgerStatus, long>> CountByStatusAsync(CancellationToken cancellationToken);
}

/// <summary>One document in the ledger.</summary>
public sealed record LedgerEntry
{
    /// <summary>The document key (see <see cref="KeyVersion"/>); also the idempotency key.</summary>
    public required string Key { get; init; }

    /// <summary>The pipeline that handles it.</summary>
    public required string Pipeline { get; init; }

    /// <summary>Where the source finds it (for a folder: the full path when it was first seen).</summary>
    public required string Locator { get; init; }

    /// <summary>The file name.</summary>
    public required string FileName { get; init; }

    /// <summary>The client's number as read from the document or its name.</summary>
    public string? ClientNumber { get; init; }

    /// <summary>The document type.</summary>
    public string? DocumentType { get; init; }

    /// <summary>The first day of the period.</summary>
    public DateOnly? PeriodFrom { get; init; }

    /// <summary>The last day of the period.</summary>
    public DateOnly? PeriodTo { get; init; }

    /// <summary>Where it stands.</summary>
    public required LedgerStatus Status { get; init; }

    /// <summary>How many submit attempts were made.</summary>
    public int Attempts { get; init; }

    /// <summary>The earliest moment of the next attempt, while <see cref="LedgerStatus.Retrying"/>.</summary>
    public DateTimeOffset? NextAttemptAt { get; init; }

    /// <summary>The portal's reference, once submitted.</summary>
    public string? PortalReference { get; init; }

    /// <summary>The last error, or the portal's reason for the outcome.</summary>
    public string? Reason { get; init; }

    /// <summary>When the document was first seen.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>When the entry last changed.</summary>
    public DateTimeOffset UpdatedAt { get; init; }

    /// <summary>When the source put the document away after its outcome; <c>null</c> until then.</summary>
    public DateTimeOffset? CompletedAt { get; init; }

    /// <summary>How often the document was offered again after being put away; 0 the first time.</summary>
    public int Generation { get; init; }

    /// <summary>
    /// How <see cref="Key"/> was computed: 1, SHA-256 over the content followed by the UTF-8 file name (entries
    /// written before schema step 2); 2, SHA-256 over the content's SHA-256 followed by the file name's SHA-256.
    /// </summary>
    public int KeyVersion { get; init; } = 2;

    /// <summary>The hex SHA-256 of the content submitted; <c>null</c> for entries written before schema step 2.</summary>
    public string? ContentSha256 { get; init; }

    /// <summary>The source's version of the document (for a file: size and times) when it was last read.</summary>
    public string? SourceVersion { get; init; }

    /// <summary>Why the decided document could not be put away yet, and what to do (CO-15); <c>null</c> when none.</summary>
    public string? PutAwayProblem { get; init; }

    /// <summary>The key the portal stores for this submission: the document key, plus the generation after a re-offer.</summary>
    public string IdempotencyKey => Generation == 0 ? Key : $"{Key}-{Generation}";
}

/// <summary>A change to a ledger entry; <c>null</c> members keep their value.</summary>
/// <param name="Status">The new status.</param>
public sealed record LedgerChange(LedgerStatus Status)
{
    /// <summary>Adds one to <see cref="LedgerEntry.Attempts"/>.</summary>
    public bool CountAttempt { get; init; }

    /// <summary>The next attempt's earliest moment (cleared when <c>null</c> and the status is not Retrying).</summary>
    public DateTimeOffset? NextAttemptAt { get; init; }

    /// <summary>The portal's reference.</summary>
    public string? PortalReference { get; init; }

    /// <summary>The reason or last error.</summary>
    public string? Reason { get; init; }

    /// <summary>Marks the document put away by its source (and clears <see cref="PutAwayProblem"/>).</summary>
    public bool Completed { get; init; }

    /// <summary>The source's version of the document, when it changed without its content.</summary>
    public string? SourceVersion { get; init; }

    /// <summary>Why the document could not be put away this time (CO-15).</summary>
    public string? PutAwayProblem { get; init; }
}

/// <summary>Which ledger entries to list.</summary>
/// <param name="Pipeline">One pipeline, or <c>null</c> for all.</param>
/// <param name="Statuses">The statuses, or <c>null</c> for all.</param>
/// <param name="OnlyNotCompleted">Only entries whose document is not yet put away.</param>
/// <param name="Search">A part of the file name or client number, or <c>null</c>.</param>
/// <param name="Limit">At most this many.</param>
public sealed record LedgerQuery(
    string? Pipeline = null,
    IReadOnlyList<LedgerStatus>? Statuses = null,
    bool OnlyNotCompleted = false,
    string? Search = null,
    int Limit = 1000)
{
    /// <summary>Only the entries of this locator (a file's full path), or <c>null</c> for all.</summary>
    public string? Locator { get; init; }

    /// <summary>Only entries whose key has this version, or <c>null</c> for all.</summary>
    public int? KeyVersion { get; init; }

    /// <summary>Only decided entries that could not be put away (CO-15).</summary>
    public bool OnlyNotPutAway { get; init; }
}

/// <summary>Where a document stands.</summary>
public enum LedgerStatus
{
    /// <summary>The submit call is about to be made or was made without a recorded answer.</summary>
    Submitting,

    /// <summary>An attempt failed transiently; the next waits for <see cref="LedgerEntry.NextAttemptAt"/>.</summary>
    Retrying,

    /// <summary>The portal has it; waiting for the client's approval.</summary>
    Pending,

    /// <summary>Approved (Goedgekeurd).</summary>
    Approved,

    /// <summary>Rejected (Afgekeurd).</summary>
    Rejected,

    /// <summary>The portal does not know the client (Niet gevonden).</summary>
    ClientNotFound,

    /// <summary>The portal refused it for good.</summary>
    Refused,

    /// <summary>Withdrawn at the portal.</summary>
    Withdrawn,

    /// <summary>Every attempt failed (definitief mislukt).</summary>
    FinallyFailed,
}

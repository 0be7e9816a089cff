namespace ConnectorHost.Abstractions.Documents;

/// <summary>
/// Yields documents to submit for accordering (for example files in a folder) and is told each document's
/// outcome so that it can put the document away (for example move the file to Goedgekeurd).
/// </summary>
/// <remarks>
/// The host keeps a ledger keyed by SHA-256 over each document's content and file name: a source does not need
/// to remember what it yielded before, and may yield the same document on every scan until it is completed.
/// Files that cannot be offered at all (not a PDF, malformed XBRL) are yielded with a
/// <see cref="SourceDocument.Refusal"/>: the host records them and has them put away like decided documents.
/// </remarks>
public interface IDocumentSource
{
    /// <summary>Yields the documents that are ready now (completely written) and not yet put away.</summary>
    /// <param name="cancellationToken">Stops the scan.</param>
    /// <returns>The documents, each with its metadata.</returns>
    IAsyncEnumerable<SourceDocument> ScanAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Puts a document away after its outcome is recorded in the host's state store. Must be idempotent: after a
    /// crash the host may call it again for a document already put away, which then does nothing. Any exception means
    /// "not put away now": the host tries again at a later run, for this document only (CO-15);
    /// <see cref="DocumentChangedException"/> means the document at the locator is another version (CO-13).
    /// </summary>
    /// <param name="locator">The <see cref="SourceDocument.Locator"/> the document was yielded with.</param>
    /// <param name="outcome">What happened to the document.</param>
    /// <param name="cancellationToken">Stops the work.</param>
    /// <returns>A task that completes when the document is put away.</returns>
    Task CompleteAsync(string locator, DocumentOutcome outcome, CancellationToken cancellationToken);

    /// <summary>
    /// Optionally calls <paramref name="onChange"/> when new documents may be ready (a file system watcher), so
    /// that the host scans within seconds instead of waiting for the schedule. The schedule always runs too.
    /// </summary>
    /// <param name="onChange">What to call; cheap and safe to call often.</param>
    /// <returns>Stops watching when disposed; <c>null</c> when the source cannot watch.</returns>
    IDisposable? WatchForChanges(Action onChange) => null;
}

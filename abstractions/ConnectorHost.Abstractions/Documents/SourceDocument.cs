namespace ConnectorHost.Abstractions.Documents;

/// <summary>One document offered by an <see cref="IDocumentSource"/>.</summary>
/// <param name="Locator">Where the source finds the document again (for a folder: the full path).</param>
/// <param name="FileName">The document's file name, part of its key (CO-7).</param>
/// <param name="Metadata">What the document is and whom it belongs to.</param>
/// <param name="OpenRead">Opens the content for reading; the host reads it once per attempt.</param>
public sealed record SourceDocument(
    string Locator,
    string FileName,
    DocumentMetadata Metadata,
    Func<CancellationToken, Task<Stream>> OpenRead)
{
    /// <summary>
    /// What tells this version of the document from another at the same <see cref="Locator"/> without reading it
    /// (for a file: its size, last-write time and creation time), or <c>null</c> when the source cannot tell. The host
    /// does not open a document whose locator and version it already holds as pending (an idle scan reads nothing),
    /// and gives the version back on the outcome (<see cref="DocumentOutcome.SourceVersion"/>) so that the source puts
    /// away only the version that was decided on (CO-13).
    /// </summary>
    public string? Version { get; init; }

    /// <summary>
    /// Set when the source cannot offer the document at all (not a PDF, bad XBRL, too large, no client number): the
    /// host records it in its ledger with this outcome and reason, never submits it, and tells the source to put it
    /// away like any decided document (CO-17). <see cref="Metadata"/> holds what is known.
    /// </summary>
    public DocumentRefusal? Refusal { get; init; }

    /// <summary>
    /// Set when the document is there but not complete yet (its writer is still at work, or it is younger than the
    /// source's settle time): the host neither reads nor records it, counts it as waiting and says why (FH-3). The
    /// source yields it again, without this, once it is complete.
    /// </summary>
    public string? Waiting { get; init; }
}

/// <summary>Why a source refuses to offer a document, and where it goes.</summary>
/// <param name="Kind"><see cref="DocumentOutcomeKind.Refused"/> (not what it claims to be) or <see cref="DocumentOutcomeKind.ClientNotFound"/> (no client number to find the client by).</param>
/// <param name="Reason">What is wrong and what to do, in words an admin understands.</param>
public sealed record DocumentRefusal(DocumentOutcomeKind Kind, string Reason);

/// <summary>What a document is and to which client it belongs.</summary>
public sealed record DocumentMetadata
{
    /// <summary>The number the client is found by (KvK number, hidden id, OB number, BSN, RSIN, LH number).</summary>
    public required string ClientNumber { get; init; }

    /// <summary>What kind of number <see cref="ClientNumber"/> is.</summary>
    public required ClientNumberKind ClientNumberKind { get; init; }

    /// <summary>The document type as the portal knows it (for example <c>jaarrekening</c> or <c>OB</c>).</summary>
    public required string DocumentType { get; init; }

    /// <summary>The first day of the period the document covers, when known.</summary>
    public DateOnly? PeriodFrom { get; init; }

    /// <summary>The last day of the period the document covers, when known.</summary>
    public DateOnly? PeriodTo { get; init; }

    /// <summary>Anything else the source knows (entry point, taxonomy year, ...), passed to the target as is.</summary>
    public IReadOnlyDictionary<string, string> Properties { get; init; } = new Dictionary<string, string>();
}

/// <summary>The kinds of number a client can be found by (CO-5, CO-11).</summary>
public enum ClientNumberKind
{
    /// <summary>The Dutch chamber of commerce number, 8 digits.</summary>
    KvK,

    /// <summary>The portal's internal client id.</summary>
    HiddenId,

    /// <summary>The VAT number (omzetbelastingnummer), for OB and ICP filings.</summary>
    OB,

    /// <summary>The payroll tax number (loonheffingennummer), for LH filings.</summary>
    LH,

    /// <summary>The citizen service number, for IB filings.</summary>
    BSN,

    /// <summary>The legal entities and partnerships information number, for VPB filings.</summary>
    RSIN,
}

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
    Func<CancellationToken, Task<Stream>> OpenRead);

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

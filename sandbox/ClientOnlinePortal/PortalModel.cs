using ConnectorHost.Plugins.ClientOnline.Contracts;

namespace ConnectorHost.Sandbox.ClientOnlinePortal;

/// <summary>
/// A client card in the portal. The hidden id is the portal's own id of the client; the other numbers are what
/// documents are matched on (CO-5, CO-11). Numbers that are not known are <c>null</c>.
/// </summary>
/// <param name="HiddenId">The portal-internal id (hidden id), unique.</param>
/// <param name="Name">The client's name.</param>
/// <param name="KvkNumber">The chamber of commerce number, 8 digits.</param>
/// <param name="ObNumber">The VAT number (omzetbelastingnummer), for example <c>001000044B37</c>.</param>
/// <param name="LhNumber">The payroll tax number (loonheffingennummer), for example <c>001000044L01</c>.</param>
/// <param name="Bsn">The citizen service number (burgerservicenummer).</param>
/// <param name="Rsin">The legal entities information number (RSIN).</param>
public sealed record PortalClient(
    string HiddenId,
    string Name,
    string? KvkNumber = null,
    string? ObNumber = null,
    string? LhNumber = null,
    string? Bsn = null,
    string? Rsin = null)
{
    /// <summary>The client's number of the given kind, or <c>null</c> when the card has none.</summary>
    /// <param name="kind">The kind of number.</param>
    /// <returns>The number as on the card.</returns>
    public string? NumberOf(ClientNumberKind kind) => kind switch
    {
        ClientNumberKind.KvK => KvkNumber,
        ClientNumberKind.HiddenId => HiddenId,
        ClientNumberKind.OB => ObNumber,
        ClientNumberKind.LH => LhNumber,
        ClientNumberKind.BSN => Bsn,
        ClientNumberKind.RSIN => Rsin,
        _ => null,
    };
}

/// <summary>A submission as the sandbox holds it (a snapshot; the state changes only through <see cref="PortalState"/>).</summary>
/// <param name="Reference">The portal's reference, <c>CO-000001</c> and up.</param>
/// <param name="IdempotencyKey">The caller's key; unique.</param>
/// <param name="FileName">The document's file name.</param>
/// <param name="DocumentType">The document type.</param>
/// <param name="ClientNumber">The number the caller gave.</param>
/// <param name="ClientNumberKind">The kind of that number.</param>
/// <param name="ClientHiddenId">The hidden id of the client found, or <c>null</c>.</param>
/// <param name="ClientName">The name of the client found, or <c>null</c>.</param>
/// <param name="PeriodFrom">The period's first day, if given.</param>
/// <param name="PeriodTo">The period's last day, if given.</param>
/// <param name="Notify">Whether the client is notified (informatievoorziening).</param>
/// <param name="Size">The content's length in bytes.</param>
/// <param name="Sha256">The content's SHA-256, lower-case hex.</param>
/// <param name="Status">Where it stands.</param>
/// <param name="Reason">Why it was refused, rejected, withdrawn or not matched.</param>
/// <param name="Deadline">The approval deadline (CO-4), for submissions offered to the client.</param>
/// <param name="ReceivedAt">When it was received.</param>
/// <param name="DecidedAt">When the status last changed after receipt.</param>
public sealed record PortalSubmission(
    string Reference,
    string IdempotencyKey,
    string FileName,
    string DocumentType,
    string ClientNumber,
    ClientNumberKind ClientNumberKind,
    string? ClientHiddenId,
    string? ClientName,
    DateOnly? PeriodFrom,
    DateOnly? PeriodTo,
    bool Notify,
    long Size,
    string Sha256,
    SubmissionStatus Status,
    string? Reason,
    DateOnly? Deadline,
    DateTimeOffset ReceivedAt,
    DateTimeOffset? DecidedAt);

/// <summary>A document in a client's dossier, placed there after approval (CO-10).</summary>
/// <param name="Reference">The submission's reference.</param>
/// <param name="FileName">The document's file name.</param>
/// <param name="DocumentType">The document type.</param>
/// <param name="PeriodFrom">The period's first day, if given.</param>
/// <param name="PeriodTo">The period's last day, if given.</param>
/// <param name="Size">The content's length in bytes.</param>
/// <param name="Sha256">The content's SHA-256, lower-case hex.</param>
/// <param name="PlacedAt">When it was placed in the dossier.</param>
public sealed record DossierDocument(
    string Reference,
    string FileName,
    string DocumentType,
    DateOnly? PeriodFrom,
    DateOnly? PeriodTo,
    long Size,
    string Sha256,
    DateTimeOffset PlacedAt);

/// <summary>An XBRL filing the portal sent to the requesting authority after the client approved it (CO-1).</summary>
/// <param name="Reference">The submission's reference.</param>
/// <param name="DocumentType">The filing's document type.</param>
/// <param name="Authority">The requesting authority (uitvragende partij) it went to.</param>
/// <param name="ClientHiddenId">The client's hidden id.</param>
/// <param name="ClientName">The client's name.</param>
/// <param name="ClientNumberKind">The kind of number the filing carries.</param>
/// <param name="ClientNumber">The number the filing carries.</param>
/// <param name="FileName">The filing's file name.</param>
/// <param name="Sha256">The content's SHA-256, lower-case hex.</param>
/// <param name="SentAt">When it was sent.</param>
public sealed record SentFiling(
    string Reference,
    string DocumentType,
    string Authority,
    string ClientHiddenId,
    string ClientName,
    ClientNumberKind ClientNumberKind,
    string ClientNumber,
    string FileName,
    string Sha256,
    DateTimeOffset SentAt);

/// <summary>The portal's deadline settings per document type (CO-4).</summary>
/// <param name="DefaultDays">Days to approve for document types without their own setting; <c>null</c>: no deadline.</param>
/// <param name="PerDocumentType">Days to approve per document type (case-insensitive).</param>
public sealed record DeadlineSettings(int? DefaultDays, IReadOnlyDictionary<string, int> PerDocumentType)
{
    /// <summary>The days to approve a document of the given type, or <c>null</c> for no deadline.</summary>
    /// <param name="documentType">The document type.</param>
    /// <returns>The number of days after receipt.</returns>
    public int? DaysFor(string documentType)
    {
        foreach (var (type, days) in PerDocumentType)
        {
            if (string.Equals(type, documentType, StringComparison.OrdinalIgnoreCase))
            {
                return days;
            }
        }

        return DefaultDays;
    }
}

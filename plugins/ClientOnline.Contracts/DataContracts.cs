using System.Runtime.Serialization;

namespace ConnectorHost.Plugins.ClientOnline.Contracts;

/// <summary>The kinds of number a client is found by (CO-5, CO-11).</summary>
[DataContract(Namespace = AccorderingNamespace.Value)]
public enum ClientNumberKind
{
    /// <summary>The chamber of commerce number (KvK-nummer), 8 digits.</summary>
    [EnumMember] KvK,

    /// <summary>The portal's internal client id (hidden id), not shown in the portal.</summary>
    [EnumMember] HiddenId,

    /// <summary>The VAT number (omzetbelastingnummer): OB and ICP filings.</summary>
    [EnumMember] OB,

    /// <summary>The payroll tax number (loonheffingennummer): LH filings.</summary>
    [EnumMember] LH,

    /// <summary>The citizen service number (burgerservicenummer): IB filings.</summary>
    [EnumMember] BSN,

    /// <summary>The legal entities information number (RSIN): VPB filings.</summary>
    [EnumMember] RSIN,
}

/// <summary>Where a submission stands at the portal.</summary>
[DataContract(Namespace = AccorderingNamespace.Value)]
public enum SubmissionStatus
{
    /// <summary>Offered to the client, waiting for approval.</summary>
    [EnumMember] Pending,

    /// <summary>Approved by the client (goedgekeurd): in the client's dossier, and an XBRL filing is sent on.</summary>
    [EnumMember] Approved,

    /// <summary>Rejected by the client (afgekeurd); the reason says why.</summary>
    [EnumMember] Rejected,

    /// <summary>The portal has no client with the given number (niet gevonden).</summary>
    [EnumMember] ClientNotFound,

    /// <summary>The portal refused the document for good, for example a number that does not fit the filing (CO-11).</summary>
    [EnumMember] Refused,

    /// <summary>Withdrawn by the office (ingetrokken).</summary>
    [EnumMember] Withdrawn,
}

/// <summary>A document submitted for the client's approval.</summary>
[DataContract(Namespace = AccorderingNamespace.Value)]
public sealed class SubmitDocumentRequest
{
    /// <summary>The portal account's user name.</summary>
    [DataMember(Order = 0, IsRequired = true)]
    public string UserName { get; set; } = string.Empty;

    /// <summary>The portal account's password.</summary>
    [DataMember(Order = 1, IsRequired = true)]
    public string Password { get; set; } = string.Empty;

    /// <summary>
    /// The caller's key for this document (ConnectorHost: SHA-256 over content and file name, hex). The portal
    /// keeps it: a second submission with the same key returns the first one.
    /// </summary>
    [DataMember(Order = 2, IsRequired = true)]
    public string IdempotencyKey { get; set; } = string.Empty;

    /// <summary>The document's file name, as the client will see it.</summary>
    [DataMember(Order = 3, IsRequired = true)]
    public string FileName { get; set; } = string.Empty;

    /// <summary>The document's bytes (base64 on the wire).</summary>
    [DataMember(Order = 4, IsRequired = true)]
    public byte[] Content { get; set; } = [];

    /// <summary>The number the client is found by.</summary>
    [DataMember(Order = 5, IsRequired = true)]
    public string ClientNumber { get; set; } = string.Empty;

    /// <summary>What kind of number <see cref="ClientNumber"/> is.</summary>
    [DataMember(Order = 6, IsRequired = true)]
    public ClientNumberKind ClientNumberKind { get; set; }

    /// <summary>The document type as the portal knows it (an XBRL filing type such as <c>OB-aangifte</c>, or a PDF type such as <c>jaarrekening</c>).</summary>
    [DataMember(Order = 7, IsRequired = true)]
    public string DocumentType { get; set; } = string.Empty;

    /// <summary>The first day of the period the document covers ("datum van"); the time of day is ignored.</summary>
    [DataMember(Order = 8)]
    public DateTime? PeriodFrom { get; set; }

    /// <summary>The last day of the period the document covers ("datum tot"); the time of day is ignored.</summary>
    [DataMember(Order = 9)]
    public DateTime? PeriodTo { get; set; }

    /// <summary>Whether the portal notifies the client by mail ("informatievoorziening", CO-8).</summary>
    [DataMember(Order = 10)]
    public bool Notify { get; set; }
}

/// <summary>The portal's answer to a submission.</summary>
[DataContract(Namespace = AccorderingNamespace.Value)]
public sealed class SubmitDocumentResponse
{
    /// <summary>Where the submission stands.</summary>
    [DataMember(Order = 0, IsRequired = true)]
    public SubmissionStatus Status { get; set; }

    /// <summary>The portal's reference of the submission; use it to ask its status.</summary>
    [DataMember(Order = 1, IsRequired = true)]
    public string Reference { get; set; } = string.Empty;

    /// <summary>Why the document was refused, rejected or not matched to a client; empty otherwise.</summary>
    [DataMember(Order = 2)]
    public string? Reason { get; set; }

    /// <summary>The date by which the client should approve, from the portal's settings per document type (CO-4).</summary>
    [DataMember(Order = 3)]
    public DateTime? Deadline { get; set; }

    /// <summary>True when the portal already held a submission with this idempotency key and returned that one.</summary>
    [DataMember(Order = 4)]
    public bool AlreadyReceived { get; set; }
}

/// <summary>A submission as the portal holds it.</summary>
[DataContract(Namespace = AccorderingNamespace.Value)]
public sealed class SubmissionInfo
{
    /// <summary>The portal's reference of the submission.</summary>
    [DataMember(Order = 0, IsRequired = true)]
    public string Reference { get; set; } = string.Empty;

    /// <summary>The key the document was submitted with.</summary>
    [DataMember(Order = 1, IsRequired = true)]
    public string IdempotencyKey { get; set; } = string.Empty;

    /// <summary>Where the submission stands.</summary>
    [DataMember(Order = 2, IsRequired = true)]
    public SubmissionStatus Status { get; set; }

    /// <summary>Why it was refused, rejected, withdrawn or not matched; empty otherwise.</summary>
    [DataMember(Order = 3)]
    public string? Reason { get; set; }

    /// <summary>The date by which the client should approve (CO-4).</summary>
    [DataMember(Order = 4)]
    public DateTime? Deadline { get; set; }

    /// <summary>The document's file name.</summary>
    [DataMember(Order = 5)]
    public string FileName { get; set; } = string.Empty;

    /// <summary>The document type.</summary>
    [DataMember(Order = 6)]
    public string DocumentType { get; set; } = string.Empty;

    /// <summary>When the portal received the submission (UTC).</summary>
    [DataMember(Order = 7)]
    public DateTime ReceivedAt { get; set; }

    /// <summary>When the status last changed after receipt (approved, rejected, withdrawn; UTC), if it did.</summary>
    [DataMember(Order = 8)]
    public DateTime? DecidedAt { get; set; }
}

/// <summary>The detail of the fault answered when the user name or password is wrong.</summary>
[DataContract(Namespace = AccorderingNamespace.Value)]
public sealed class AuthenticationFault
{
    /// <summary>What went wrong, for the log.</summary>
    [DataMember(Order = 0)]
    public string Message { get; set; } = string.Empty;

    /// <summary>The user name the portal refused.</summary>
    [DataMember(Order = 1)]
    public string UserName { get; set; } = string.Empty;
}

/// <summary>The detail of the fault answered when a reference is unknown to the portal.</summary>
[DataContract(Namespace = AccorderingNamespace.Value)]
public sealed class SubmissionNotFoundFault
{
    /// <summary>What went wrong, for the log.</summary>
    [DataMember(Order = 0)]
    public string Message { get; set; } = string.Empty;

    /// <summary>The reference the portal does not know.</summary>
    [DataMember(Order = 1)]
    public string Reference { get; set; } = string.Empty;
}

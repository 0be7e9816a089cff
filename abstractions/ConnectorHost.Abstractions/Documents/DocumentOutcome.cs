namespace ConnectorHost.Abstractions.Documents;

/// <summary>What finally happened to a document; tells the source where to put it.</summary>
/// <param name="Kind">The outcome.</param>
/// <param name="Reason">Why, in words an admin understands; written beside the file where the source can.</param>
public sealed record DocumentOutcome(DocumentOutcomeKind Kind, string Reason)
{
    /// <summary>The portal's reference of the submission, when there was one.</summary>
    public string? PortalReference { get; init; }

    /// <summary>
    /// The <see cref="SourceDocument.Version"/> the document had when it was recorded, or <c>null</c>. A source that
    /// finds another version at the locator checks <see cref="ContentSha256"/> and, when the content differs, throws
    /// <see cref="DocumentChangedException"/> instead of putting the other content away (CO-13).
    /// </summary>
    public string? SourceVersion { get; init; }

    /// <summary>The hex SHA-256 of the content that was submitted (and decided on), or <c>null</c> when unknown.</summary>
    public string? ContentSha256 { get; init; }
}

/// <summary>The possible outcomes of a document.</summary>
public enum DocumentOutcomeKind
{
    /// <summary>The client approved it (Goedgekeurd).</summary>
    Approved,

    /// <summary>The client rejected it (Afgekeurd).</summary>
    Rejected,

    /// <summary>The portal does not know the client (Niet gevonden).</summary>
    ClientNotFound,

    /// <summary>The same content with the same name was submitted before (CO-7); the reason names when.</summary>
    Duplicate,

    /// <summary>The portal refused the submission for good (for example a number mismatch, CO-11).</summary>
    Refused,

    /// <summary>Every attempt failed (CO-12, "definitief mislukt").</summary>
    FinallyFailed,

    /// <summary>The submission was withdrawn (ingetrokken).</summary>
    Withdrawn,
}

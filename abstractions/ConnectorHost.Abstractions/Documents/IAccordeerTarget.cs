namespace ConnectorHost.Abstractions.Documents;

/// <summary>
/// Submits documents to a portal for the client's approval (accordering) and reports their status.
/// </summary>
/// <remarks>
/// Every call carries the document's idempotency key. The host records "submitting" before
/// <see cref="SubmitAsync"/> and, after a crash, calls <see cref="FindAsync"/> with the key instead of submitting
/// again, so a target must let the portal store the key. Throw <see cref="TransientFailureException"/> for
/// failures worth retrying (unavailable, 5xx, time-out) and <see cref="TargetAuthenticationException"/> when the
/// portal refuses the credentials; the host retries neither blindly.
/// </remarks>
public interface IAccordeerTarget
{
    /// <summary>Submits one document for approval.</summary>
    /// <param name="submission">The document, its key and metadata.</param>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>Whether the portal accepted it, and its status.</returns>
    Task<SubmissionStatus> SubmitAsync(DocumentSubmission submission, CancellationToken cancellationToken);

    /// <summary>Asks the portal for a submission by its idempotency key.</summary>
    /// <param name="idempotencyKey">The key given to <see cref="SubmitAsync"/>.</param>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>Its status, or <c>null</c> when the portal never received it.</returns>
    Task<SubmissionStatus?> FindAsync(string idempotencyKey, CancellationToken cancellationToken);
}

/// <summary>A document on its way to the portal.</summary>
/// <param name="IdempotencyKey">The document key (hex SHA-256 over the content's and the file name's SHA-256); the portal stores it.</param>
/// <param name="FileName">The document's file name.</param>
/// <param name="Content">The bytes, exactly as read when the key was computed.</param>
/// <param name="Metadata">What the document is and whom it belongs to.</param>
public sealed record DocumentSubmission(
    string IdempotencyKey,
    string FileName,
    ReadOnlyMemory<byte> Content,
    DocumentMetadata Metadata);

/// <summary>Where a submission stands at the portal.</summary>
/// <param name="State">The state.</param>
/// <param name="Reason">The portal's words, for a rejection or a refusal.</param>
/// <param name="PortalReference">The portal's id of the submission, when it has one.</param>
public sealed record SubmissionStatus(SubmissionState State, string? Reason = null, string? PortalReference = null);

/// <summary>The states of a submission at the portal.</summary>
public enum SubmissionState
{
    /// <summary>Waiting for the client.</summary>
    Pending,

    /// <summary>Approved by the client.</summary>
    Approved,

    /// <summary>Rejected by the client; <see cref="SubmissionStatus.Reason"/> says why.</summary>
    Rejected,

    /// <summary>The portal has no client with the document's number.</summary>
    ClientNotFound,

    /// <summary>The portal refused the document for good (for example the numbers do not match).</summary>
    Refused,

    /// <summary>The submission was withdrawn at the portal.</summary>
    Withdrawn,
}

using System.ServiceModel;

namespace ConnectorHost.Plugins.ClientOnline.Contracts;

/// <summary>
/// The ClientOnline accordering service (SOAP 1.1, document/literal, DataContractSerializer): documents are
/// submitted for the client's approval, and their status is asked later. Every operation carries the user name
/// and password of the office's portal account and answers a <see cref="FaultException{AuthenticationFault}"/>
/// when they are wrong.
/// </summary>
/// <remarks>
/// Submitting is idempotent: the portal stores <see cref="SubmitDocumentRequest.IdempotencyKey"/> and answers a
/// second submission with the same key with the first one. After a time-out or a crash, ask
/// <see cref="FindSubmissionAsync"/> by the key instead of submitting blindly again.
/// </remarks>
[ServiceContract(Namespace = AccorderingNamespace.Value, Name = "AccorderingService")]
public interface IAccorderingService
{
    /// <summary>
    /// Submits a document for approval. The portal finds the client by <see cref="SubmitDocumentRequest.ClientNumber"/>
    /// and sets the deadline from its own settings for the document type (CO-4).
    /// </summary>
    /// <param name="request">The document, its key, its client number and its metadata.</param>
    /// <returns>
    /// The submission: <see cref="SubmissionStatus.Pending"/> when offered to the client,
    /// <see cref="SubmissionStatus.ClientNotFound"/> or <see cref="SubmissionStatus.Refused"/> (with a reason) when
    /// not; for a key the portal already holds, that submission, with <see cref="SubmitDocumentResponse.AlreadyReceived"/>.
    /// </returns>
    [OperationContract(Name = "SubmitDocument")]
    [FaultContract(typeof(AuthenticationFault))]
    Task<SubmitDocumentResponse> SubmitDocumentAsync(SubmitDocumentRequest request);

    /// <summary>Looks a submission up by the idempotency key it was submitted with.</summary>
    /// <param name="userName">The portal account's user name.</param>
    /// <param name="password">The portal account's password.</param>
    /// <param name="idempotencyKey">The key given to <see cref="SubmitDocumentAsync"/>.</param>
    /// <returns>The submission, or <c>null</c> (an empty, nil result) when the portal never received the key.</returns>
    [OperationContract(Name = "FindSubmission")]
    [FaultContract(typeof(AuthenticationFault))]
    Task<SubmissionInfo?> FindSubmissionAsync(string userName, string password, string idempotencyKey);

    /// <summary>Asks where a submission stands.</summary>
    /// <param name="userName">The portal account's user name.</param>
    /// <param name="password">The portal account's password.</param>
    /// <param name="reference">The portal's reference, from <see cref="SubmitDocumentResponse.Reference"/>.</param>
    /// <returns>The submission.</returns>
    [OperationContract(Name = "GetSubmissionStatus")]
    [FaultContract(typeof(AuthenticationFault))]
    [FaultContract(typeof(SubmissionNotFoundFault))]
    Task<SubmissionInfo> GetSubmissionStatusAsync(string userName, string password, string reference);

    /// <summary>
    /// Withdraws a submission that is still waiting for the client ("ingetrokken", CO-12). Withdrawing twice is
    /// harmless; a submission the client already approved or rejected keeps its status, and that status is returned.
    /// </summary>
    /// <param name="userName">The portal account's user name.</param>
    /// <param name="password">The portal account's password.</param>
    /// <param name="reference">The portal's reference of the submission.</param>
    /// <param name="reason">Why it is withdrawn; shown in the portal. May be empty.</param>
    /// <returns>The submission after the call.</returns>
    [OperationContract(Name = "WithdrawSubmission")]
    [FaultContract(typeof(AuthenticationFault))]
    [FaultContract(typeof(SubmissionNotFoundFault))]
    Task<SubmissionInfo> WithdrawSubmissionAsync(string userName, string password, string reference, string? reason);
}

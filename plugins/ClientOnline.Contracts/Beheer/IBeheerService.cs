using System.ServiceModel;

namespace ConnectorHost.Plugins.ClientOnline.Contracts.Beheer;

/// <summary>
/// The ClientOnline administration service ("Beheer", SOAP 1.1, document/literal, DataContractSerializer): what the
/// portal set-up needs (PO-1..PO-7). Every operation carries the office account's user name and password and answers
/// a <see cref="FaultException{BeheerFault}"/>: code <c>authentication</c> for wrong credentials, <c>invalid</c>,
/// <c>not-found</c> or <c>conflict</c> for a request the portal refuses. Creating is idempotent: a client with the
/// same KvK number or hidden id, or a user with the same login for the same client, is returned, not created again.
/// </summary>
[ServiceContract(Namespace = BeheerNamespace.Value, Name = "BeheerService")]
public interface IBeheerService
{
    /// <summary>Finds clients by KvK number and by hidden id, in bulk.</summary>
    /// <param name="userName">The office account's user name.</param>
    /// <param name="password">The office account's password.</param>
    /// <param name="kvkNumbers">KvK numbers to look for.</param>
    /// <param name="hiddenIds">Hidden ids to look for.</param>
    /// <returns>The cards found, each once; numbers not found are simply absent.</returns>
    [OperationContract(Name = "FindClients")]
    [FaultContract(typeof(BeheerFault))]
    Task<ClientInfo[]> FindClientsAsync(string userName, string password, string[] kvkNumbers, string[] hiddenIds);

    /// <summary>Lists the clients a branch sees: its own and the concern-wide ones (PO-7).</summary>
    /// <param name="userName">The office account's user name.</param>
    /// <param name="password">The office account's password.</param>
    /// <param name="branch">The branch (vestiging); empty for every client.</param>
    /// <returns>The cards.</returns>
    [OperationContract(Name = "ListClients")]
    [FaultContract(typeof(BeheerFault))]
    Task<ClientInfo[]> ListClientsAsync(string userName, string password, string? branch);

    /// <summary>Creates a client card, optionally in a client group (PO-1, PO-2) and a branch (PO-7).</summary>
    /// <param name="request">The card and the group.</param>
    /// <returns>The card, and whether it already existed.</returns>
    [OperationContract(Name = "CreateClient")]
    [FaultContract(typeof(BeheerFault))]
    Task<CreateClientResponse> CreateClientAsync(CreateClientRequest request);

    /// <summary>Puts a client in a group. Only a new client (without users yet) can be placed in a group (PO-2).</summary>
    /// <param name="userName">The office account's user name.</param>
    /// <param name="password">The office account's password.</param>
    /// <param name="hiddenId">The client's hidden id.</param>
    /// <param name="group">The group's name.</param>
    /// <returns>The card after the call.</returns>
    [OperationContract(Name = "AddClientToGroup")]
    [FaultContract(typeof(BeheerFault))]
    Task<ClientInfo> AddClientToGroupAsync(string userName, string password, string hiddenId, string group);

    /// <summary>Lists the client groups with their rights.</summary>
    /// <param name="userName">The office account's user name.</param>
    /// <param name="password">The office account's password.</param>
    /// <returns>The groups.</returns>
    [OperationContract(Name = "ListGroups")]
    [FaultContract(typeof(BeheerFault))]
    Task<GroupInfo[]> ListGroupsAsync(string userName, string password);

    /// <summary>Creates a client group, or sets the rights of an existing one.</summary>
    /// <param name="userName">The office account's user name.</param>
    /// <param name="password">The office account's password.</param>
    /// <param name="group">The group and its rights.</param>
    /// <returns>The group as stored.</returns>
    [OperationContract(Name = "SaveGroup")]
    [FaultContract(typeof(BeheerFault))]
    Task<GroupInfo> SaveGroupAsync(string userName, string password, GroupInfo group);

    /// <summary>Lists the branches (vestigingen, PO-7).</summary>
    /// <param name="userName">The office account's user name.</param>
    /// <param name="password">The office account's password.</param>
    /// <returns>The branch names.</returns>
    [OperationContract(Name = "ListBranches")]
    [FaultContract(typeof(BeheerFault))]
    Task<string[]> ListBranchesAsync(string userName, string password);

    /// <summary>Adds a branch; adding one that exists is harmless.</summary>
    /// <param name="userName">The office account's user name.</param>
    /// <param name="password">The office account's password.</param>
    /// <param name="branch">The branch's name.</param>
    /// <returns>The branch names after the call.</returns>
    [OperationContract(Name = "AddBranch")]
    [FaultContract(typeof(BeheerFault))]
    Task<string[]> AddBranchAsync(string userName, string password, string branch);

    /// <summary>Creates a client user (PO-3). A superuser gets all rights.</summary>
    /// <param name="request">The user.</param>
    /// <returns>The user, and whether the login already existed for this client.</returns>
    [OperationContract(Name = "CreateUser")]
    [FaultContract(typeof(BeheerFault))]
    Task<CreateUserResponse> CreateUserAsync(CreateUserRequest request);

    /// <summary>Lists a client's users.</summary>
    /// <param name="userName">The office account's user name.</param>
    /// <param name="password">The office account's password.</param>
    /// <param name="hiddenId">The client's hidden id.</param>
    /// <returns>The users, the first created first.</returns>
    [OperationContract(Name = "ListUsers")]
    [FaultContract(typeof(BeheerFault))]
    Task<UserInfo[]> ListUsersAsync(string userName, string password, string hiddenId);

    /// <summary>
    /// Sets a user's approval token (PO-4): <see cref="ApprovalTokenKind.Pin"/> with the PIN (the portal keeps only a
    /// hash), or <see cref="ApprovalTokenKind.Sms"/> (the user needs a mobile number). Setting the same again is harmless.
    /// </summary>
    /// <param name="userName">The office account's user name.</param>
    /// <param name="password">The office account's password.</param>
    /// <param name="login">The client user's login.</param>
    /// <param name="kind">PIN or SMS.</param>
    /// <param name="pin">The PIN, for <see cref="ApprovalTokenKind.Pin"/>; empty otherwise.</param>
    /// <returns>The user after the call.</returns>
    [OperationContract(Name = "SetApprovalToken")]
    [FaultContract(typeof(BeheerFault))]
    Task<UserInfo> SetApprovalTokenAsync(string userName, string password, string login, ApprovalTokenKind kind, string? pin);

    /// <summary>Sets a user's right on one document type: Mag accorderen, Moet accorderen or none (PO-5).</summary>
    /// <param name="userName">The office account's user name.</param>
    /// <param name="password">The office account's password.</param>
    /// <param name="login">The client user's login.</param>
    /// <param name="documentType">The document type.</param>
    /// <param name="right">The right.</param>
    /// <returns>The user after the call.</returns>
    [OperationContract(Name = "SetDocumentTypeRight")]
    [FaultContract(typeof(BeheerFault))]
    Task<UserInfo> SetDocumentTypeRightAsync(string userName, string password, string login, string documentType, ApprovalRight right);
}

using System.Runtime.Serialization;

namespace ConnectorHost.Plugins.ClientOnline.Contracts.Beheer;

/// <summary>How a client user confirms an approval (accorderingstoken, PO-4).</summary>
[DataContract(Namespace = BeheerNamespace.Value)]
public enum ApprovalTokenKind
{
    /// <summary>No token yet: the user cannot approve.</summary>
    [EnumMember] None,

    /// <summary>A PIN code, sent to the user by letter (PO-6), entered at every approval.</summary>
    [EnumMember] Pin,

    /// <summary>A code sent by SMS at every approval; needs the user's mobile number.</summary>
    [EnumMember] Sms,
}

/// <summary>How a client user logs in (PO-4).</summary>
[DataContract(Namespace = BeheerNamespace.Value)]
public enum LoginMethod
{
    /// <summary>User name and password.</summary>
    [EnumMember] Password,

    /// <summary>User name, password and an SMS login code; needs the user's mobile number.</summary>
    [EnumMember] PasswordAndSms,
}

/// <summary>A user's right on one document type (PO-5).</summary>
[DataContract(Namespace = BeheerNamespace.Value)]
public enum ApprovalRight
{
    /// <summary>Geen rechten: cannot approve this type.</summary>
    [EnumMember] None,

    /// <summary>Mag accorderen: one approval by such a user is enough, unless must-approve users exist.</summary>
    [EnumMember] MayApprove,

    /// <summary>Moet accorderen: every must-approve user of the client has to approve.</summary>
    [EnumMember] MustApprove,
}

/// <summary>A client card as the administration service shows it.</summary>
[DataContract(Namespace = BeheerNamespace.Value)]
public sealed class ClientInfo
{
    /// <summary>The portal's own id of the client (hidden id).</summary>
    [DataMember(Order = 0, IsRequired = true)]
    public string HiddenId { get; set; } = string.Empty;

    /// <summary>The client's name.</summary>
    [DataMember(Order = 1, IsRequired = true)]
    public string Name { get; set; } = string.Empty;

    /// <summary>The KvK number, 8 digits.</summary>
    [DataMember(Order = 2)]
    public string? KvkNumber { get; set; }

    /// <summary>Street and house number.</summary>
    [DataMember(Order = 3)]
    public string? Address { get; set; }

    /// <summary>The postal code.</summary>
    [DataMember(Order = 4)]
    public string? PostalCode { get; set; }

    /// <summary>The city.</summary>
    [DataMember(Order = 5)]
    public string? City { get; set; }

    /// <summary>The client's e-mail address.</summary>
    [DataMember(Order = 6)]
    public string? Email { get; set; }

    /// <summary>The branch (vestiging) the client belongs to; empty: concern-wide (PO-7).</summary>
    [DataMember(Order = 7)]
    public string? Branch { get; set; }

    /// <summary>The client groups the client is in (PO-2).</summary>
    [DataMember(Order = 8)]
    public string[] Groups { get; set; } = [];
}

/// <summary>A new client card (PO-1).</summary>
[DataContract(Namespace = BeheerNamespace.Value)]
public sealed class CreateClientRequest
{
    /// <summary>The office account's user name.</summary>
    [DataMember(Order = 0, IsRequired = true)]
    public string UserName { get; set; } = string.Empty;

    /// <summary>The office account's password.</summary>
    [DataMember(Order = 1, IsRequired = true)]
    public string Password { get; set; } = string.Empty;

    /// <summary>The card; an empty hidden id lets the portal give one.</summary>
    [DataMember(Order = 2, IsRequired = true)]
    public ClientInfo Client { get; set; } = new();

    /// <summary>The client group a new client is put in, in the same step (PO-2); empty for none.</summary>
    [DataMember(Order = 3)]
    public string? Group { get; set; }
}

/// <summary>The answer to <see cref="IBeheerService.CreateClientAsync"/>.</summary>
[DataContract(Namespace = BeheerNamespace.Value)]
public sealed class CreateClientResponse
{
    /// <summary>The card as stored.</summary>
    [DataMember(Order = 0, IsRequired = true)]
    public ClientInfo Client { get; set; } = new();

    /// <summary>True when a card with this KvK number or hidden id existed: that one is returned, nothing is created.</summary>
    [DataMember(Order = 1)]
    public bool AlreadyExisted { get; set; }
}

/// <summary>A client group with its rights (PO-2).</summary>
[DataContract(Namespace = BeheerNamespace.Value)]
public sealed class GroupInfo
{
    /// <summary>The group's name, for example <c>Cliënten met alle rechten</c>.</summary>
    [DataMember(Order = 0, IsRequired = true)]
    public string Name { get; set; } = string.Empty;

    /// <summary>The modules the group's clients may use: Accorderen, Deponeren, Dossier, Nieuws, Gebruikersbeheer.</summary>
    [DataMember(Order = 1)]
    public string[] Rights { get; set; } = [];
}

/// <summary>A new client user (PO-3).</summary>
[DataContract(Namespace = BeheerNamespace.Value)]
public sealed class CreateUserRequest
{
    /// <summary>The office account's user name.</summary>
    [DataMember(Order = 0, IsRequired = true)]
    public string UserName { get; set; } = string.Empty;

    /// <summary>The office account's password.</summary>
    [DataMember(Order = 1, IsRequired = true)]
    public string Password { get; set; } = string.Empty;

    /// <summary>The user's details.</summary>
    [DataMember(Order = 2, IsRequired = true)]
    public UserInfo User { get; set; } = new();
}

/// <summary>The answer to <see cref="IBeheerService.CreateUserAsync"/>.</summary>
[DataContract(Namespace = BeheerNamespace.Value)]
public sealed class CreateUserResponse
{
    /// <summary>The user as stored.</summary>
    [DataMember(Order = 0, IsRequired = true)]
    public UserInfo User { get; set; } = new();

    /// <summary>True when the login existed for the same client: that user is returned, nothing is created.</summary>
    [DataMember(Order = 1)]
    public bool AlreadyExisted { get; set; }
}

/// <summary>A client user.</summary>
[DataContract(Namespace = BeheerNamespace.Value)]
public sealed class UserInfo
{
    /// <summary>The login name, unique in the portal.</summary>
    [DataMember(Order = 0, IsRequired = true)]
    public string Login { get; set; } = string.Empty;

    /// <summary>The hidden id of the client the user belongs to.</summary>
    [DataMember(Order = 1, IsRequired = true)]
    public string ClientHiddenId { get; set; } = string.Empty;

    /// <summary>The person's full name, as letters address them.</summary>
    [DataMember(Order = 2)]
    public string FullName { get; set; } = string.Empty;

    /// <summary>The person's e-mail address.</summary>
    [DataMember(Order = 3)]
    public string? Email { get; set; }

    /// <summary>The mobile number; needed for SMS codes.</summary>
    [DataMember(Order = 4)]
    public string? Mobile { get; set; }

    /// <summary>A superuser has all rights and manages the client's other users (PO-3).</summary>
    [DataMember(Order = 5)]
    public bool Superuser { get; set; }

    /// <summary>How the user logs in.</summary>
    [DataMember(Order = 6)]
    public LoginMethod LoginMethod { get; set; }

    /// <summary>How the user confirms approvals (read only; set with SetApprovalToken).</summary>
    [DataMember(Order = 7)]
    public ApprovalTokenKind Token { get; set; }

    /// <summary>The modules the user may use: the superuser's all, else those of the client's groups (read only).</summary>
    [DataMember(Order = 8)]
    public string[] Rights { get; set; } = [];

    /// <summary>The user's rights per document type (read only; set with SetDocumentTypeRight).</summary>
    [DataMember(Order = 9)]
    public DocumentTypeRight[] DocumentTypeRights { get; set; } = [];
}

/// <summary>A user's right on one document type.</summary>
[DataContract(Namespace = BeheerNamespace.Value)]
public sealed class DocumentTypeRight
{
    /// <summary>The document type, for example <c>jaarrekening</c> or <c>OB-aangifte</c>.</summary>
    [DataMember(Order = 0, IsRequired = true)]
    public string DocumentType { get; set; } = string.Empty;

    /// <summary>Mag accorderen, Moet accorderen or none.</summary>
    [DataMember(Order = 1, IsRequired = true)]
    public ApprovalRight Right { get; set; }
}

/// <summary>The detail of every fault of the administration service.</summary>
[DataContract(Namespace = BeheerNamespace.Value)]
public sealed class BeheerFault
{
    /// <summary><c>authentication</c>, <c>invalid</c>, <c>not-found</c> or <c>conflict</c>.</summary>
    [DataMember(Order = 0)]
    public string Code { get; set; } = string.Empty;

    /// <summary>What went wrong, and what to do.</summary>
    [DataMember(Order = 1)]
    public string Message { get; set; } = string.Empty;
}

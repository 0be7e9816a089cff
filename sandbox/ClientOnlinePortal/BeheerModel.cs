using ConnectorHost.Plugins.ClientOnline.Contracts.Beheer;

namespace ConnectorHost.Sandbox.ClientOnlinePortal;

/// <summary>A client group with the modules its clients may use (PO-2).</summary>
/// <param name="Name">The group's name.</param>
/// <param name="Rights">The modules, from <see cref="PortalState.KnownRights"/>.</param>
public sealed record PortalGroup(string Name, IReadOnlyList<string> Rights);

/// <summary>What a client card holds besides its numbers: address, branch and groups.</summary>
/// <param name="Address">Street and house number.</param>
/// <param name="PostalCode">The postal code.</param>
/// <param name="City">The city.</param>
/// <param name="Email">The client's e-mail address.</param>
/// <param name="Branch">The branch (vestiging); <c>null</c>: concern-wide (PO-7).</param>
/// <param name="Groups">The client groups the client is in.</param>
public sealed record ClientDetails(string? Address, string? PostalCode, string? City, string? Email, string? Branch, IReadOnlyList<string> Groups)
{
    /// <summary>No details.</summary>
    public static ClientDetails Empty { get; } = new(null, null, null, null, null, []);
}

/// <summary>A client card with its details, as the control API shows it.</summary>
/// <param name="Client">The card.</param>
/// <param name="Details">Its details.</param>
public sealed record ClientCard(PortalClient Client, ClientDetails Details);

/// <summary>A client user (a snapshot; secrets are never part of it).</summary>
/// <param name="Login">The login name, unique in the portal.</param>
/// <param name="ClientHiddenId">The client's hidden id.</param>
/// <param name="FullName">The person's name.</param>
/// <param name="Email">The e-mail address.</param>
/// <param name="Mobile">The mobile number.</param>
/// <param name="Superuser">Whether the user has all rights.</param>
/// <param name="LoginMethod">Password, or password and SMS code.</param>
/// <param name="Token">The approval token.</param>
/// <param name="Rights">The modules the user may use.</param>
/// <param name="DocumentTypeRights">Mag / Moet accorderen per document type.</param>
/// <param name="HasPassword">Whether a password is set.</param>
public sealed record PortalUser(
    string Login,
    string ClientHiddenId,
    string FullName,
    string? Email,
    string? Mobile,
    bool Superuser,
    LoginMethod LoginMethod,
    ApprovalTokenKind Token,
    IReadOnlyList<string> Rights,
    IReadOnlyDictionary<string, ApprovalRight> DocumentTypeRights,
    bool HasPassword);

/// <summary>An SMS the sandbox "sent": it lands in a sink the control API shows (<c>GET /control/sms</c>).</summary>
/// <param name="Mobile">The number it went to.</param>
/// <param name="Login">The user it is for.</param>
/// <param name="Purpose"><c>login</c>, or <c>approve CO-000001</c>.</param>
/// <param name="Code">The code in it.</param>
/// <param name="Text">The whole message.</param>
/// <param name="SentAt">When.</param>
public sealed record SmsMessage(string Mobile, string Login, string Purpose, string Code, string Text, DateTimeOffset SentAt);

/// <summary>One user's approval of a submission.</summary>
/// <param name="Login">The user.</param>
/// <param name="Right">The right the user approved with.</param>
/// <param name="At">When.</param>
public sealed record UserApproval(string Login, ApprovalRight Right, DateTimeOffset At);

/// <summary>The outcome of a user's approval (PO-5).</summary>
/// <param name="Submission">The submission after the approval.</param>
/// <param name="Approvals">Every user approval so far.</param>
/// <param name="StillToApprove">The must-approve users who have not approved yet; empty once approved.</param>
public sealed record UserApprovalResult(PortalSubmission Submission, IReadOnlyList<UserApproval> Approvals, IReadOnlyList<string> StillToApprove);

/// <summary>The outcome of a login attempt (PO-4).</summary>
/// <param name="Outcome"><c>logged-in</c>, <c>sms-code-sent</c> or <c>refused</c>.</param>
/// <param name="Message">What happened.</param>
public sealed record LoginResult(string Outcome, string Message);

using System.ServiceModel;
using ConnectorHost.Plugins.ClientOnline.Contracts.Beheer;
using Microsoft.AspNetCore.Http;

namespace ConnectorHost.Sandbox.ClientOnlinePortal;

/// <summary>The sandbox's implementation of the administration service (Beheer), served by SoapCore.</summary>
internal sealed class SandboxBeheerService(
    PortalState state,
    SandboxCredentials credentials,
    IHttpContextAccessor httpContextAccessor) : IBeheerService
{
    public Task<ClientInfo[]> FindClientsAsync(string userName, string password, string[] kvkNumbers, string[] hiddenIds) => Run(userName, password, () =>
        state.FindClients(kvkNumbers ?? [], hiddenIds ?? []).Select(ToInfo).ToArray());

    public Task<ClientInfo[]> ListClientsAsync(string userName, string password, string? branch) => Run(userName, password, () =>
        state.ClientsOfBranch(branch).Select(ToInfo).ToArray());

    public Task<CreateClientResponse> CreateClientAsync(CreateClientRequest request) => Run(request?.UserName, request?.Password, () =>
    {
        var c = request!.Client ?? throw new ArgumentException("CreateClient needs a client.");
        var (card, existed) = state.CreateClient(
            new PortalClient(c.HiddenId ?? string.Empty, c.Name ?? string.Empty, KvkNumber: c.KvkNumber),
            new ClientDetails(c.Address, c.PostalCode, c.City, c.Email, c.Branch, []),
            request.Group);
        return new CreateClientResponse { Client = ToInfo(card), AlreadyExisted = existed };
    });

    public Task<ClientInfo> AddClientToGroupAsync(string userName, string password, string hiddenId, string group) => Run(userName, password, () =>
        ToInfo(state.AddClientToGroup(hiddenId ?? string.Empty, group ?? string.Empty)));

    public Task<GroupInfo[]> ListGroupsAsync(string userName, string password) => Run(userName, password, () =>
        state.Groups.Select(g => new GroupInfo { Name = g.Name, Rights = [.. g.Rights] }).ToArray());

    public Task<GroupInfo> SaveGroupAsync(string userName, string password, GroupInfo group) => Run(userName, password, () =>
    {
        var saved = state.SaveGroup(group?.Name ?? string.Empty, group?.Rights ?? []);
        return new GroupInfo { Name = saved.Name, Rights = [.. saved.Rights] };
    });

    public Task<string[]> ListBranchesAsync(string userName, string password) => Run(userName, password, () => state.Branches.ToArray());

    public Task<string[]> AddBranchAsync(string userName, string password, string branch) => Run(userName, password, () =>
        state.AddBranch(branch ?? string.Empty).ToArray());

    public Task<CreateUserResponse> CreateUserAsync(CreateUserRequest request) => Run(request?.UserName, request?.Password, () =>
    {
        var u = request!.User ?? throw new ArgumentException("CreateUser needs a user.");
        var (user, existed) = state.CreateUser(u.Login ?? string.Empty, u.ClientHiddenId ?? string.Empty, u.FullName ?? string.Empty, u.Email, u.Mobile, u.Superuser, u.LoginMethod);
        return new CreateUserResponse { User = ToInfo(user), AlreadyExisted = existed };
    });

    public Task<UserInfo[]> ListUsersAsync(string userName, string password, string hiddenId) => Run(userName, password, () =>
        state.UsersOf(hiddenId ?? string.Empty).Select(ToInfo).ToArray());

    public Task<UserInfo> SetApprovalTokenAsync(string userName, string password, string login, ApprovalTokenKind kind, string? pin) => Run(userName, password, () =>
        ToInfo(state.SetApprovalToken(login ?? string.Empty, kind, pin)));

    public Task<UserInfo> SetDocumentTypeRightAsync(string userName, string password, string login, string documentType, ApprovalRight right) => Run(userName, password, () =>
        ToInfo(state.SetDocumentTypeRight(login ?? string.Empty, documentType ?? string.Empty, right)));

    internal static ClientInfo ToInfo(ClientCard card) => new()
    {
        HiddenId = card.Client.HiddenId,
        Name = card.Client.Name,
        KvkNumber = card.Client.KvkNumber,
        Address = card.Details.Address,
        PostalCode = card.Details.PostalCode,
        City = card.Details.City,
        Email = card.Details.Email,
        Branch = card.Details.Branch,
        Groups = [.. card.Details.Groups],
    };

    internal static UserInfo ToInfo(PortalUser u) => new()
    {
        Login = u.Login,
        ClientHiddenId = u.ClientHiddenId,
        FullName = u.FullName,
        Email = u.Email,
        Mobile = u.Mobile,
        Superuser = u.Superuser,
        LoginMethod = u.LoginMethod,
        Token = u.Token,
        Rights = [.. u.Rights],
        DocumentTypeRights = [.. u.DocumentTypeRights.Select(r => new DocumentTypeRight { DocumentType = r.Key, Right = r.Value })],
    };

    /// <summary>Checks the credentials, runs the call and turns the state's refusals into <see cref="BeheerFault"/>s.</summary>
    private Task<T> Run<T>(string? userName, string? password, Func<T> call)
    {
        var injected = httpContextAccessor.HttpContext?.Items.ContainsKey(SandboxAccorderingService.InjectWrongPasswordItem) == true;
        if (injected || !credentials.Matches(userName, password))
        {
            throw Fault("authentication", "The user name or password is not correct.");
        }

        try
        {
            return Task.FromResult(call());
        }
        catch (KeyNotFoundException e)
        {
            throw Fault("not-found", e.Message);
        }
        catch (InvalidOperationException e)
        {
            throw Fault("conflict", e.Message);
        }
        catch (ArgumentException e)
        {
            throw Fault("invalid", FirstSentence(e.Message));
        }
    }

    private static string FirstSentence(string message)
    {
        var index = message.IndexOf(" (Parameter", StringComparison.Ordinal);
        return index < 0 ? message : message[..index];
    }

    private static FaultException<BeheerFault> Fault(string code, string message) =>
        new(new BeheerFault { Code = code, Message = message }, new FaultReason(message));
}

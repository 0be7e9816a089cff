using System.ServiceModel;
using ConnectorHost.Abstractions.Documents;
using ConnectorHost.Plugins.ClientOnline.Accordering;
using ConnectorHost.Plugins.ClientOnline.Contracts.Beheer;

namespace ConnectorHost.Plugins.ClientOnline.Import;

/// <summary>The portal refused one request (an invalid value, a conflict); the import marks the row, not the run.</summary>
internal sealed class PortalRefusedException(string message, Exception inner) : Exception(message, inner);

/// <summary>
/// The administration service over SOAP: every call carries the office account; the portal's refusals become
/// <see cref="PortalRefusedException"/>, wrong credentials <see cref="TargetAuthenticationException"/> and everything
/// else (unreachable, time-out) <see cref="TransientFailureException"/>.
/// </summary>
internal sealed class BeheerClient(SoapChannel<IBeheerService> channel, string userName, string password) : IDisposable
{
    /// <summary>How many numbers one FindClients call asks for.</summary>
    public const int FindBatch = 500;

    public async Task<IReadOnlyList<ClientInfo>> FindClientsAsync(IReadOnlyList<string> kvkNumbers, IReadOnlyList<string> hiddenIds, CancellationToken cancellationToken)
    {
        var found = new List<ClientInfo>();
        for (var i = 0; i < Math.Max(kvkNumbers.Count, hiddenIds.Count); i += FindBatch)
        {
            string[] kvk = [.. kvkNumbers.Skip(i).Take(FindBatch)];
            string[] ids = [.. hiddenIds.Skip(i).Take(FindBatch)];
            found.AddRange(await CallAsync("FindClients", s => s.FindClientsAsync(userName, password, kvk, ids), cancellationToken).ConfigureAwait(false));
        }

        return found;
    }

    public Task<ClientInfo[]> ListClientsAsync(string? branch, CancellationToken cancellationToken) =>
        CallAsync("ListClients", s => s.ListClientsAsync(userName, password, branch), cancellationToken);

    public Task<CreateClientResponse> CreateClientAsync(ClientInfo client, string? group, CancellationToken cancellationToken) =>
        CallAsync("CreateClient", s => s.CreateClientAsync(new CreateClientRequest { UserName = userName, Password = password, Client = client, Group = group }), cancellationToken);

    public Task<GroupInfo[]> ListGroupsAsync(CancellationToken cancellationToken) =>
        CallAsync("ListGroups", s => s.ListGroupsAsync(userName, password), cancellationToken);

    public Task<GroupInfo> SaveGroupAsync(GroupInfo group, CancellationToken cancellationToken) =>
        CallAsync("SaveGroup", s => s.SaveGroupAsync(userName, password, group), cancellationToken);

    public Task<string[]> ListBranchesAsync(CancellationToken cancellationToken) =>
        CallAsync("ListBranches", s => s.ListBranchesAsync(userName, password), cancellationToken);

    public Task<string[]> AddBranchAsync(string branch, CancellationToken cancellationToken) =>
        CallAsync("AddBranch", s => s.AddBranchAsync(userName, password, branch), cancellationToken);

    public Task<CreateUserResponse> CreateUserAsync(UserInfo user, CancellationToken cancellationToken) =>
        CallAsync("CreateUser", s => s.CreateUserAsync(new CreateUserRequest { UserName = userName, Password = password, User = user }), cancellationToken);

    public Task<UserInfo> SetApprovalTokenAsync(string login, ApprovalTokenKind kind, string? pin, CancellationToken cancellationToken) =>
        CallAsync("SetApprovalToken", s => s.SetApprovalTokenAsync(userName, password, login, kind, pin), cancellationToken);

    public Task<UserInfo> SetDocumentTypeRightAsync(string login, string documentType, ApprovalRight right, CancellationToken cancellationToken) =>
        CallAsync("SetDocumentTypeRight", s => s.SetDocumentTypeRightAsync(userName, password, login, documentType, right), cancellationToken);

    public void Dispose() => channel.Dispose();

    /// <summary>How often one call is made before its failure (unreachable, a time-out, HTTP 5xx or 429) goes to the run.</summary>
    public const int Attempts = 3;

    /// <summary>
    /// One call, made again (at most <see cref="Attempts"/> times) when it failed on the way: every call of the Beheer
    /// service is safe to repeat (the portal returns the client or user it already has, a token or right set again is
    /// the same), so a client's chain goes on in this run instead of waiting for the next, which at 5,000 clients comes
    /// minutes later. A 429 or 503 has paused the pipeline's calls (the channel's gate); the repeat waits for that, and
    /// otherwise a quarter of a second per attempt.
    /// </summary>
    private async Task<T> CallAsync<T>(string operation, Func<IBeheerService, Task<T>> call, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await CallOnceAsync(operation, call, cancellationToken).ConfigureAwait(false);
            }
            catch (TransientFailureException) when (attempt < Attempts)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(250 * attempt), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task<T> CallOnceAsync<T>(string operation, Func<IBeheerService, Task<T>> call, CancellationToken cancellationToken)
    {
        try
        {
            return await channel.CallAsync(operation, call, cancellationToken).ConfigureAwait(false);
        }
        catch (TransientFailureException ex) when (ex.InnerException is FaultException<BeheerFault> fault)
        {
            if (fault.Detail.Code == "authentication")
            {
                throw new TargetAuthenticationException(
                    $"ClientOnline at {channel.Endpoint} refused user name '{userName}' ({fault.Detail.Message}). Correct userName and password of the clientonline.import task.",
                    ex);
            }

            throw new PortalRefusedException($"the portal refused {operation}: {fault.Detail.Message}", ex);
        }
    }
}

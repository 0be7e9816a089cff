using ConnectorHost.Plugins.ClientOnline.Contracts.Beheer;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace ConnectorHost.Sandbox.ClientOnlinePortal;

/// <summary>A password to set for a client user.</summary>
/// <param name="Password">The password.</param>
public sealed record PasswordInput(string? Password);

/// <summary>A login attempt.</summary>
/// <param name="Login">The login name.</param>
/// <param name="Password">The password.</param>
/// <param name="SmsCode">The SMS login code, once received.</param>
public sealed record LoginInput(string? Login, string? Password, string? SmsCode);

/// <summary>A client user's approval.</summary>
/// <param name="Login">The user.</param>
/// <param name="Code">The PIN or SMS code.</param>
public sealed record UserApprovalInput(string? Login, string? Code);

/// <summary>
/// The control API of the portal's set-up, where a person or a test plays the client users: the client cards with
/// details, groups, branches, users, the SMS sink, logging in, and approving as a user with a PIN or SMS code.
/// </summary>
internal static class BeheerControlApi
{
    public static void Map(IEndpointRouteBuilder app, PortalState state)
    {
        var control = app.MapGroup("/control");
        control.MapGet("/cards", (string? branch) => Results.Ok(state.ClientsOfBranch(branch)));
        control.MapGet("/groups", () => Results.Ok(state.Groups));
        control.MapGet("/branches", () => Results.Ok(state.Branches));
        control.MapPost("/branches/{name}", (string name) => Guard(() => Results.Ok(state.AddBranch(name))));
        control.MapGet("/users", () => Results.Ok(state.Users));
        control.MapGet("/clients/{hiddenId}/users", (string hiddenId) => Results.Ok(state.UsersOf(hiddenId)));
        control.MapPut("/users/{login}/password", (string login, PasswordInput input) => Guard(() =>
        {
            state.SetPassword(login, input.Password ?? string.Empty);
            return Results.NoContent();
        }));
        control.MapPut("/users/{login}/rights/{documentType}/{right}", (string login, string documentType, ApprovalRight right) =>
            Guard(() => Results.Ok(state.SetDocumentTypeRight(login, documentType, right))));
        control.MapPost("/login", (LoginInput input) =>
            Results.Ok(state.Login(input.Login ?? string.Empty, input.Password ?? string.Empty, input.SmsCode)));
        control.MapGet("/sms", () => Results.Ok(state.SentSms));
        control.MapPost("/submissions/{reference}/sms-code", (string reference, UserApprovalInput input) =>
            Guard(() => Results.Ok(state.RequestApprovalCode(reference, input.Login ?? string.Empty))));
        control.MapPost("/submissions/{reference}/approve-as-user", (string reference, UserApprovalInput input) =>
            Guard(() => Results.Ok(state.ApproveAsUser(reference, input.Login ?? string.Empty, input.Code ?? string.Empty))));
        control.MapGet("/submissions/{reference}/approvals", (string reference) => Results.Ok(state.ApprovalsOf(reference)));
    }

    private static IResult Guard(Func<IResult> action)
    {
        try
        {
            return action();
        }
        catch (KeyNotFoundException e)
        {
            return Results.NotFound(new { error = e.Message });
        }
        catch (InvalidOperationException e)
        {
            return Results.Conflict(new { error = e.Message });
        }
        catch (ArgumentException e)
        {
            return Results.BadRequest(new { error = e.Message });
        }
    }
}

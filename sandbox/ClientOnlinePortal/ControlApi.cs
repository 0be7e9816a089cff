using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace ConnectorHost.Sandbox.ClientOnlinePortal;

/// <summary>A client card to add through the control API; an absent hidden id is given by the portal.</summary>
/// <param name="Name">The client's name.</param>
/// <param name="HiddenId">The hidden id, or <c>null</c>.</param>
/// <param name="KvkNumber">The KvK number.</param>
/// <param name="ObNumber">The OB number.</param>
/// <param name="LhNumber">The LH number.</param>
/// <param name="Bsn">The BSN.</param>
/// <param name="Rsin">The RSIN.</param>
public sealed record ClientInput(
    string? Name,
    string? HiddenId = null,
    string? KvkNumber = null,
    string? ObNumber = null,
    string? LhNumber = null,
    string? Bsn = null,
    string? Rsin = null);

/// <summary>A reason, for a rejection or a withdrawal.</summary>
/// <param name="Reason">The reason.</param>
public sealed record ReasonInput(string? Reason);

/// <summary>
/// The control API (HTTP/JSON, under <c>/control</c>) with which a person or a test plays the client and the portal's
/// administrator: clients, submissions (approve, reject, withdraw), dossiers, filings sent on, deadlines, faults.
/// </summary>
internal static class ControlApi
{
    public static void Map(IEndpointRouteBuilder app, PortalState state, FaultInjector faults)
    {
        var control = app.MapGroup("/control");

        control.MapGet("/clients", () => Results.Ok(state.Clients));
        control.MapPost("/clients", (ClientInput input) => Guard(() =>
        {
            var client = state.AddClient(new PortalClient(
                input.HiddenId ?? string.Empty,
                input.Name ?? string.Empty,
                input.KvkNumber,
                input.ObNumber,
                input.LhNumber,
                input.Bsn,
                input.Rsin));
            return Results.Created($"/control/clients/{client.HiddenId}", client);
        }));
        control.MapGet("/clients/{hiddenId}/dossier", (string hiddenId) => Guard(() => Results.Ok(state.Dossier(hiddenId))));

        control.MapGet("/submissions", () => Results.Ok(state.Submissions));
        control.MapGet("/submissions/{reference}", (string reference) =>
            state.FindByReference(reference) is { } s ? Results.Ok(s) : NotFound($"The portal has no submission {reference}."));
        control.MapGet("/submissions/{reference}/content", (string reference) =>
            state.Content(reference) is { } bytes && state.FindByReference(reference) is { } s
                ? Results.File(bytes, "application/octet-stream", s.FileName)
                : NotFound($"The portal has no submission {reference}."));
        control.MapPost("/submissions/{reference}/approve", (string reference) => Guard(() => Results.Ok(state.Approve(reference))));
        control.MapPost("/submissions/{reference}/reject", (string reference, ReasonInput input) =>
            Guard(() => Results.Ok(state.Reject(reference, input.Reason ?? string.Empty))));
        control.MapPost("/submissions/{reference}/withdraw", (string reference, ReasonInput? input) =>
            Guard(() => Results.Ok(state.Withdraw(reference, input?.Reason))));

        control.MapGet("/filings", () => Results.Ok(state.SentFilings));

        control.MapGet("/deadlines", () => Results.Ok(state.Deadlines));
        control.MapPut("/deadlines", (DeadlineInput input) => Guard(() =>
        {
            state.Deadlines = new DeadlineSettings(
                input.DefaultDays,
                input.PerDocumentType ?? new Dictionary<string, int>());
            return Results.Ok(state.Deadlines);
        }));

        control.MapFaultControl(faults);
    }

    /// <summary>Runs a state change and turns the state's exceptions into 400, 404 and 409 answers.</summary>
    private static IResult Guard(Func<IResult> action)
    {
        try
        {
            return action();
        }
        catch (KeyNotFoundException e)
        {
            return NotFound(e.Message);
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

    private static IResult NotFound(string message) => Results.NotFound(new { error = message });
}

/// <summary>Deadline settings as sent to <c>PUT /control/deadlines</c>.</summary>
/// <param name="DefaultDays">Days for document types without their own setting; <c>null</c>: no deadline.</param>
/// <param name="PerDocumentType">Days per document type.</param>
public sealed record DeadlineInput(int? DefaultDays, Dictionary<string, int>? PerDocumentType);

using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ConnectorHost.Sandbox.Certipost;

/// <summary>
/// The sandbox Certipost, on 127.0.0.1. Under <c>/api/v1</c> (header <c>X-Api-Key</c>): <c>POST optins</c> takes a
/// batch of BURST opt-ins (all or nothing; 400 with the reasons), <c>GET enrolments</c> serves the list of enrolled
/// customers. Under <c>/control</c> (no key; a person or a test playing the customer and Certipost): the accounts,
/// the mail sink, the batches, unsubscribe, remove, accept the terms, the confirmation delay and the faults
/// injected into the API's calls (docs/sandbox.md).
/// </summary>
public sealed class SandboxCertipost : IAsyncDisposable
{
    /// <summary>The header carrying the API key.</summary>
    public const string ApiKeyHeader = "X-Api-Key";

    private readonly WebApplication _app;
    private int _stopped;

    private SandboxCertipost(WebApplication app, Uri baseUrl, CertipostState state, FaultInjector faults)
    {
        _app = app;
        BaseUrl = baseUrl;
        State = state;
        Faults = faults;
    }

    /// <summary>The base address, for example <c>http://127.0.0.1:5190/</c>.</summary>
    public Uri BaseUrl { get; }

    /// <summary>The state, for tests in the same process (the control API offers the same over HTTP).</summary>
    public CertipostState State { get; }

    /// <summary>The fault injection into the API's calls, for tests in the same process (also at <c>/control/faults</c>).</summary>
    public FaultInjector Faults { get; }

    /// <summary>Starts a sandbox on 127.0.0.1.</summary>
    /// <param name="options">How; <c>null</c> for the defaults (a free port, key <c>sandbox-key</c>, 2 days' delay).</param>
    /// <param name="cancellationToken">Stops the start.</param>
    /// <returns>The running sandbox; dispose it to stop it.</returns>
    public static async Task<SandboxCertipost> StartAsync(SandboxCertipostOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new SandboxCertipostOptions();
        var state = new CertipostState(options.Clock, options.ConfirmationDelay);
        var builder = LoopbackWebApp.CreateBuilder(typeof(SandboxCertipost), options.Port, options.MinimumLogLevel);
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));

        var app = builder.Build();
        var faults = new FaultInjector();
        faults.Configure(options.Faults);
        app.UseFaultInjection(faults, new FaultInjectionOptions { AppliesTo = c => c.Request.Path.StartsWithSegments("/api/v1", StringComparison.OrdinalIgnoreCase) });
        var apiKey = options.ApiKey;
        var api = app.MapGroup("/api/v1").AddEndpointFilter(async (context, next) =>
            context.HttpContext.Request.Headers.TryGetValue(ApiKeyHeader, out var key) && key == apiKey
                ? await next(context).ConfigureAwait(false)
                : Results.Json(new { error = $"Missing or wrong API key ({ApiKeyHeader})." }, statusCode: StatusCodes.Status401Unauthorized));
        api.MapPost("/optins", (OptInBatch batch) =>
        {
            try
            {
                var accepted = state.Receive(batch);
                return state.TakeLostAnswer()
                    ? Results.Json(new { error = "The answer was lost (sandbox fault: lose-next-answers)." }, statusCode: StatusCodes.Status503ServiceUnavailable)
                    : Results.Ok(accepted);
            }
            catch (BatchRefusedException e)
            {
                return Results.BadRequest(new { error = "The batch is refused; no opt-in of it was taken.", reasons = e.Reasons });
            }
        });
        // The daily list, whole or by page (?page=1&pageSize=1000; later pages with ?asOf= the first page's
        // generatedAt, so every page is of the same list).
        api.MapGet("/enrolments", (int? page, int? pageSize, DateTimeOffset? asOf) =>
            page is < 1 || pageSize is < 1 or > 10_000 || (page is null) != (pageSize is null)
                ? Results.BadRequest(new { error = "page (from 1) and pageSize (1 to 10000) go together." })
                : Results.Ok(state.EnrolledCustomers(asOf, page, pageSize)));

        var control = app.MapGroup("/control");
        MapControl(control, state);
        control.MapFaultControl(faults);

        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        return new SandboxCertipost(app, LoopbackWebApp.BaseUrlOf(app), state, faults);
    }

    /// <summary>Waits until the sandbox is stopped (Ctrl+C or SIGTERM for the program).</summary>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>A task that completes on shutdown.</returns>
    public Task WaitForShutdownAsync(CancellationToken cancellationToken = default) => _app.WaitForShutdownAsync(cancellationToken);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 0)
        {
            await _app.StopAsync().ConfigureAwait(false);
            await _app.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static void MapControl(RouteGroupBuilder control, CertipostState state)
    {
        control.MapGet("/accounts", () => Results.Ok(state.Accounts));
        control.MapGet("/mails", () => Results.Ok(state.Mails));
        control.MapGet("/batches", () => Results.Ok(state.Batches));
        control.MapPost("/customers/{reference}/unsubscribe", (string reference) => Guard(() => state.Unsubscribe(reference)));
        control.MapPost("/customers/{reference}/remove", (string reference) => Guard(() => state.Remove(reference)));
        control.MapPost("/customers/{reference}/accept-terms", (string reference) => Guard(() => state.AcceptTerms(reference)));
        control.MapPut("/lose-next-answers", (CountInput input) =>
        {
            if (input.Count < 0)
            {
                return Results.BadRequest(new { error = "The count cannot be negative." });
            }

            state.LoseNextAnswers = input.Count;
            return Results.Ok(new { count = state.LoseNextAnswers });
        });
        control.MapGet("/confirmation-delay", () => Results.Ok(new { delay = state.ConfirmationDelay }));
        control.MapPut("/confirmation-delay", (DelayInput input) =>
        {
            if (input.Delay < TimeSpan.Zero)
            {
                return Results.BadRequest(new { error = "The delay cannot be negative." });
            }

            state.ConfirmationDelay = input.Delay;
            return Results.Ok(new { delay = state.ConfirmationDelay });
        });
    }

    private static IResult Guard(Func<CustomerAccount> action)
    {
        try
        {
            return Results.Ok(action());
        }
        catch (KeyNotFoundException e)
        {
            return Results.NotFound(new { error = e.Message });
        }
    }
}

/// <summary>The body of <c>PUT /control/confirmation-delay</c>.</summary>
/// <param name="Delay">The new delay, for example <c>"2.00:00:00"</c>.</param>
public sealed record DelayInput(TimeSpan Delay);

/// <summary>The body of <c>PUT /control/lose-next-answers</c>.</summary>
/// <param name="Count">How many of the next accepted batches get a 503 instead of their answer.</param>
public sealed record CountInput(int Count);

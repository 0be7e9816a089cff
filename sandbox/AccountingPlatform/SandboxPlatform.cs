using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ConnectorHost.Sandbox.AccountingPlatform;

/// <summary>
/// The sandbox accounting platform, HTTP/JSON on 127.0.0.1: an office's queue of tasks for the connector
/// (<c>GET /api/offices/{office}/tasks?pending</c>, <c>POST /api/offices/{office}/tasks/{id}/result</c>, both with the
/// office's <c>X-Api-Key</c>), the simulated accounting package the connector runs each task against
/// (<c>POST /api/package/{dossier}/run</c>), and a control API under <c>/control</c> for tests and people, with the
/// faults injected into every <c>/api</c> call (docs/sandbox.md). Runs as its
/// own program or in-process from tests.
/// </summary>
public sealed class SandboxPlatform : IAsyncDisposable
{
    /// <summary>The header that carries an office's API key.</summary>
    public const string ApiKeyHeader = "X-Api-Key";

    private readonly WebApplication _app;
    private int _stopped;

    private SandboxPlatform(WebApplication app, Uri baseUrl, PlatformState state, FaultInjector faults)
    {
        _app = app;
        BaseUrl = baseUrl;
        State = state;
        Faults = faults;
    }

    /// <summary>The platform's base address, for example <c>http://127.0.0.1:5190/</c>.</summary>
    public Uri BaseUrl { get; }

    /// <summary>The platform's state, for tests in the same process (the control API offers the same over HTTP).</summary>
    public PlatformState State { get; }

    /// <summary>The fault injection into the API's calls (queue and package), for tests in the same process (also at <c>/control/faults</c>).</summary>
    public FaultInjector Faults { get; }

    /// <summary>Starts a platform on 127.0.0.1.</summary>
    /// <param name="options">How; <c>null</c> for the defaults (a free port, office <c>kantoor-demo</c> with key <c>demo-key</c>).</param>
    /// <param name="cancellationToken">Stops the start.</param>
    /// <returns>The running platform; dispose it to stop it.</returns>
    public static async Task<SandboxPlatform> StartAsync(SandboxPlatformOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new SandboxPlatformOptions();
        var state = new PlatformState(options.Offices, options.Clock);
        var builder = LoopbackWebApp.CreateBuilder(typeof(SandboxPlatform), options.Port, options.MinimumLogLevel);
        var app = builder.Build();
        var faults = new FaultInjector();
        faults.Configure(options.Faults);
        app.UseFaultInjection(faults, new FaultInjectionOptions
        {
            AppliesTo = c => c.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase),
            WriteErrorAsync = (c, status, message) => Results.Problem(message, statusCode: status).ExecuteAsync(c),
        });
        MapApi(app, state);
        MapControl(app, state);
        app.MapGroup("/control").MapFaultControl(faults);
        BenchControlApi.Map(app, state);

        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        return new SandboxPlatform(app, LoopbackWebApp.BaseUrlOf(app), state, faults);
    }

    /// <summary>Waits until the platform is stopped (Ctrl+C or SIGTERM for the program).</summary>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>A task that completes on shutdown.</returns>
    public Task WaitForShutdownAsync(CancellationToken cancellationToken = default) => _app.WaitForShutdownAsync(cancellationToken);

    /// <summary>Stops the platform. Safe to call twice.</summary>
    /// <param name="cancellationToken">Makes the stop less graceful.</param>
    /// <returns>A task that completes when stopped.</returns>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 0)
        {
            await _app.StopAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    private static void MapApi(IEndpointRouteBuilder app, PlatformState state)
    {
        var office = app.MapGroup("/api/offices/{office}").AddEndpointFilter(async (context, next) =>
        {
            var name = (string)context.HttpContext.Request.RouteValues["office"]!;
            return state.IsKeyOf(name, context.HttpContext.Request.Headers[ApiKeyHeader].FirstOrDefault())
                ? await next(context).ConfigureAwait(false)
                : Unauthorized();
        });

        // ?pending (or ?pending=true): only tasks without a result, the connector's view; otherwise every task.
        office.MapGet("/tasks", (string office, HttpRequest request) =>
            state.FetchUnavailable
                ? Results.Problem("The platform is down for maintenance.", statusCode: StatusCodes.Status503ServiceUnavailable)
                : request.Query.ContainsKey("pending") && request.Query["pending"] != "false"
                    ? Results.Ok(state.Pending(office))
                    : Results.Ok(state.Tasks(office).Select(t => t.Task)));
        office.MapPost("/tasks/{id}/result", (string office, string id, TaskResultInput result) => Guard(() =>
            state.Report(office, id, result) ? Results.Ok() : NotFound($"Office {office} has no task {id}.")));

        app.MapPost("/api/package/{dossier}/run", async (string dossier, PackageRunInput input, HttpRequest request, CancellationToken cancellationToken) =>
        {
            if (state.PackageRefusesKeys || !state.IsKnownKey(request.Headers[ApiKeyHeader].FirstOrDefault()))
            {
                return Unauthorized();
            }

            var error = await state.RunAsync(dossier, input, cancellationToken, answerLost: request.HttpContext.Items.ContainsKey(FaultInjection.AnswerKeptBackItem)).ConfigureAwait(false);
            return error switch
            {
                null => Results.Ok(new { message = $"Task {input.TaskId} ({input.Kind}) done for dossier {dossier}." }),
                { Cause: FailureCauses.PackageUnavailable } => Results.Json(error, statusCode: StatusCodes.Status503ServiceUnavailable),
                _ => Results.Json(error, statusCode: StatusCodes.Status422UnprocessableEntity),
            };
        });
    }

    private static void MapControl(IEndpointRouteBuilder app, PlatformState state)
    {
        var control = app.MapGroup("/control");
        control.MapPost("/offices/{office}/tasks", (string office, TaskInput input) => Guard(() =>
        {
            var task = state.Enqueue(office, input);
            return Results.Created($"/control/offices/{office}/tasks/{task.Id}", task);
        }));
        control.MapGet("/offices/{office}/tasks", (string office) => Guard(() => Results.Ok(state.Tasks(office))));
        control.MapPost("/package/failures", (FailureRule rule) => Guard(() =>
        {
            state.AddFailure(rule);
            return Results.Ok(rule);
        }));
        control.MapDelete("/package/failures", () =>
        {
            state.ClearFailures();
            return Results.NoContent();
        });
        control.MapPut("/package/dossier-codes", (string[] codes) =>
        {
            state.SetDossierCodes(codes);
            return Results.NoContent();
        });
        control.MapGet("/package/runs", () => Results.Ok(state.Runs));
        control.MapPut("/fetch-unavailable", (bool unavailable) =>
        {
            state.FetchUnavailable = unavailable;
            return Results.NoContent();
        });
        control.MapPut("/package/refuses-keys", (bool refuses) =>
        {
            state.PackageRefusesKeys = refuses;
            return Results.NoContent();
        });
        control.MapPost("/package/holds/{taskId}", (string taskId) =>
        {
            state.HoldRun(taskId);
            return Results.NoContent();
        });
        control.MapDelete("/package/holds/{taskId}", (string taskId) =>
        {
            state.Release(taskId);
            return Results.NoContent();
        });
    }

    private static IResult Guard(Func<IResult> action)
    {
        try
        {
            return action();
        }
        catch (ArgumentException e)
        {
            return Results.Problem(e.Message, statusCode: StatusCodes.Status400BadRequest);
        }
        catch (KeyNotFoundException e)
        {
            return NotFound(e.Message);
        }
    }

    private static IResult NotFound(string message) => Results.Problem(message, statusCode: StatusCodes.Status404NotFound);

    private static IResult Unauthorized() =>
        Results.Problem($"Missing or wrong API key: send the office's key in the {ApiKeyHeader} header.", statusCode: StatusCodes.Status401Unauthorized);
}

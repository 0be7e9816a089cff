using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace ConnectorHost.Sandbox.CaseWareCloud;

/// <summary>
/// The sandbox CaseWare Cloud, on 127.0.0.1, shaped like the public API v2 under <c>/{firm}/ms/caseware-cloud/api/v2</c>:
/// <c>POST auth/token</c> (ClientId, ClientSecret, Language → Token, a Bearer token valid 30 minutes on the sandbox's
/// clock); <c>entities</c> (the firm's clients) and <c>contacts</c> (their contact persons, whose e-mail is the login)
/// with list (<c>search=Field = 'value'</c>, <c>page</c>, <c>pageSize</c>), get, create, update and delete;
/// <c>DELETE contacts/{id}/access</c> revokes a contact's access. Too many calls get HTTP 429 with Retry-After. Under
/// <c>/control</c> (no token): the calls counted by method and path, fault injection, expiring every token, and the
/// entities and contacts themselves.
/// </summary>
public sealed partial class SandboxCaseWareCloud : IAsyncDisposable
{
    /// <summary>Faults go to every API call but <c>auth/token</c>, answered in the API's error shape.</summary>
    private static readonly FaultInjectionOptions FaultOptions = new() { AppliesTo = _ => true, WriteErrorAsync = ErrorAsync };

    private readonly WebApplication _app;
    private int _stopped;

    private SandboxCaseWareCloud(WebApplication app, Uri baseUrl, string firm, CaseWareCloudState state, FaultInjector faults)
    {
        _app = app;
        BaseUrl = baseUrl;
        FirmUrl = new Uri(baseUrl, firm + "/");
        ApiUrl = new Uri(FirmUrl, "ms/caseware-cloud/api/v2/");
        State = state;
        Faults = faults;
    }

    /// <summary>The base address, for example <c>http://127.0.0.1:5200/</c>; the control API is under <c>control/</c>.</summary>
    public Uri BaseUrl { get; }

    /// <summary>The firm's address, the connector's <c>baseUrl</c>: for example <c>http://127.0.0.1:5200/demo-firm/</c>.</summary>
    public Uri FirmUrl { get; }

    /// <summary>The API's address, ending in <c>api/v2/</c>.</summary>
    public Uri ApiUrl { get; }

    /// <summary>The state, for tests in the same process (the control API offers the same over HTTP).</summary>
    public CaseWareCloudState State { get; }

    /// <summary>The fault injection, for tests in the same process.</summary>
    public FaultInjector Faults { get; }

    /// <summary>Starts a sandbox on 127.0.0.1.</summary>
    /// <param name="options">How; <c>null</c> for the defaults.</param>
    /// <param name="cancellationToken">Stops the start.</param>
    /// <returns>The running sandbox; dispose it to stop it.</returns>
    public static async Task<SandboxCaseWareCloud> StartAsync(SandboxCaseWareCloudOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new SandboxCaseWareCloudOptions();
        if (string.IsNullOrWhiteSpace(options.Firm) || !FirmPattern().IsMatch(options.Firm))
        {
            throw new ArgumentException($"The firm must be letters, digits and dashes, got '{options.Firm}'.", nameof(options));
        }

        var state = new CaseWareCloudState(options.Clock, options.TokenLifetime);
        var faults = new FaultInjector();
        faults.Configure(options.Faults);
        var builder = LoopbackWebApp.CreateBuilder(typeof(SandboxCaseWareCloud), options.Port, options.MinimumLogLevel);
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.PropertyNamingPolicy = null);
        var app = builder.Build();

        var apiPath = $"/{options.Firm}/ms/caseware-cloud/api/v2";
        var limiter = new RateLimiter(options.RateLimitPerSecond);
        app.UseWhen(
            c => c.Request.Path.StartsWithSegments(apiPath, StringComparison.OrdinalIgnoreCase),
            branch => branch.Use(async (context, next) =>
                await GuardAsync(context, next, apiPath, state, faults, limiter).ConfigureAwait(false)));

        var api = app.MapGroup(apiPath);
        api.MapPost("/auth/token", (TokenRequest request) =>
            request.ClientId == options.ClientId && request.ClientSecret == options.ClientSecret
                ? Results.Ok(new TokenResponse(state.IssueToken()))
                : Results.Json(new ApiError("Invalid ClientId or ClientSecret."), statusCode: StatusCodes.Status401Unauthorized));

        api.MapGet("/entities", (string? search, int? page, int? pageSize) => Refusable(() => state.ListEntities(search, page ?? 1, pageSize ?? 100)));
        api.MapGet("/entities/{id}", (string id) => Refusable(() => state.GetEntity(id)));
        api.MapPost("/entities", (EntityInput input) => Refusable(() => state.CreateEntity(input), created: true));
        api.MapPut("/entities/{id}", (string id, EntityInput input) => Refusable(() => state.UpdateEntity(id, input)));
        api.MapDelete("/entities/{id}", (string id) => Refusable(() =>
        {
            state.DeleteEntity(id);
            return new { Deleted = id };
        }));

        api.MapGet("/contacts", (string? search, int? page, int? pageSize) => Refusable(() => state.ListContacts(search, page ?? 1, pageSize ?? 100)));
        api.MapGet("/contacts/{id}", (string id) => Refusable(() => state.GetContact(id)));
        api.MapPost("/contacts", (ContactInput input) => Refusable(() => state.CreateContact(input), created: true));
        api.MapPut("/contacts/{id}", (string id, ContactInput input) => Refusable(() => state.UpdateContact(id, input)));
        api.MapDelete("/contacts/{id}/access", (string id) => Refusable(() => state.RevokeAccess(id)));
        api.MapDelete("/contacts/{id}", (string id) => Refusable(() =>
        {
            state.DeleteContact(id);
            return new { Deleted = id };
        }));

        MapControl(app.MapGroup("/control"), state, faults);

        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        return new SandboxCaseWareCloud(app, LoopbackWebApp.BaseUrlOf(app), options.Firm, state, faults);
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

    /// <summary>Counts the call, then applies the rate limit, the injected faults (not to <c>auth/token</c>) and the token check.</summary>
    private static async Task GuardAsync(HttpContext context, RequestDelegate next, string apiPath, CaseWareCloudState state, FaultInjector faults, RateLimiter limiter)
    {
        var relative = context.Request.Path.Value![apiPath.Length..];
        state.CountCall(context.Request.Method, IdPattern().Replace(relative, "{id}"));
        var isToken = relative.Equals("/auth/token", StringComparison.OrdinalIgnoreCase);

        if (limiter.RetryAfter() is { } wait)
        {
            await TooManyAsync(context, wait).ConfigureAwait(false);
            return;
        }

        if (isToken)
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        await FaultInjection.InvokeAsync(context, faults, FaultOptions, async c =>
        {
            var header = c.Request.Headers.Authorization.ToString();
            if (!header.StartsWith("Bearer ", StringComparison.Ordinal) || !state.IsValid(header["Bearer ".Length..].Trim()))
            {
                await ErrorAsync(c, StatusCodes.Status401Unauthorized, "The token is missing, invalid or expired. Get a new one from auth/token.").ConfigureAwait(false);
                return;
            }

            await next(c).ConfigureAwait(false);
        }).ConfigureAwait(false);
    }

    private static Task ErrorAsync(HttpContext context, int status, string message)
    {
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(new ApiError(message), context.RequestAborted);
    }

    private static Task TooManyAsync(HttpContext context, int retryAfterSeconds)
    {
        context.Response.Headers.RetryAfter = retryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        return ErrorAsync(context, StatusCodes.Status429TooManyRequests, $"Too many requests; retry after {retryAfterSeconds} s.");
    }

    private static IResult Refusable<T>(Func<T> action, bool created = false)
    {
        try
        {
            var result = action();
            return created ? Results.Json(result, statusCode: StatusCodes.Status201Created) : Results.Ok(result);
        }
        catch (ApiRefusedException e)
        {
            return Results.Json(new ApiError(e.Message), statusCode: e.StatusCode);
        }
    }

    private static void MapControl(RouteGroupBuilder control, CaseWareCloudState state, FaultInjector faults)
    {
        control.MapGet("/calls", () => Results.Ok(new CallCount(state.TotalCalls, state.WriteCalls, state.Calls)));
        control.MapDelete("/calls", () =>
        {
            state.ResetCalls();
            return Results.Ok(new CallCount(state.TotalCalls, state.WriteCalls, state.Calls));
        });
        control.MapFaultControl(faults);
        control.MapPost("/tokens/expire", () =>
        {
            state.ExpireTokens();
            return Results.Ok(new { Expired = true });
        });
        control.MapGet("/entities", () => Results.Ok(state.Entities));
        control.MapPost("/entities", (EntityInput input) => Refusable(() => state.CreateEntity(input), created: true));
        control.MapGet("/contacts", () => Results.Ok(state.Contacts));
        control.MapPost("/contacts", (ContactInput input) => Refusable(() => state.CreateContact(input), created: true));
    }

    [GeneratedRegex("^[A-Za-z0-9-]+$")]
    private static partial Regex FirmPattern();

    [GeneratedRegex("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")]
    private static partial Regex IdPattern();

    /// <summary>A fixed one-second window on the real clock.</summary>
    private sealed class RateLimiter(int perSecond)
    {
        private readonly Lock _gate = new();
        private long _window;
        private int _count;

        public int? RetryAfter()
        {
            if (perSecond <= 0)
            {
                return null;
            }

            lock (_gate)
            {
                var window = Environment.TickCount64 / 1000;
                if (window != _window)
                {
                    _window = window;
                    _count = 0;
                }

                return ++_count > perSecond ? 1 : null;
            }
        }
    }
}

/// <summary>The answer of <c>GET /control/calls</c>.</summary>
/// <param name="Total">All API calls.</param>
/// <param name="Writes">POST, PUT and DELETE calls, not counting <c>auth/token</c>.</param>
/// <param name="ByMethodAndPath">The calls by <c>METHOD /path</c>, ids as <c>{id}</c>.</param>
public sealed record CallCount(long Total, long Writes, IReadOnlyDictionary<string, long> ByMethodAndPath);

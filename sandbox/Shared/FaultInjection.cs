using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace ConnectorHost.Sandbox;

/// <summary>How a sandbox applies its <see cref="FaultInjector"/>: to which calls, and how it words an error.</summary>
public sealed class FaultInjectionOptions
{
    /// <summary>Whether a request is a call of the service (gets faults); the control API and a WSDL must not.</summary>
    public required Func<HttpContext, bool> AppliesTo { get; init; }

    /// <summary>Writes an error answer (status, message) in the service's own shape; the default writes <c>{"error": message}</c>.</summary>
    public Func<HttpContext, int, string, Task> WriteErrorAsync { get; init; } = DefaultErrorAsync;

    /// <summary>What a service-specific fault does (ClientOnline's SOAP fault, wrong password): given the call and the rest of the pipeline.</summary>
    public IReadOnlyDictionary<InjectedFault, Func<HttpContext, RequestDelegate, Task>> ServiceFaults { get; init; } =
        new Dictionary<InjectedFault, Func<HttpContext, RequestDelegate, Task>>();

    private static Task DefaultErrorAsync(HttpContext context, int status, string message)
    {
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(new { error = message }, context.RequestAborted);
    }
}

/// <summary>
/// The one fault injection of every sandbox (OF-3): applies an injector's decision to a call, and maps
/// <c>/control/faults</c>. A sandbox adds it with <see cref="UseFaultInjection"/> (or calls <see cref="InvokeAsync"/>
/// from its own guard) and <see cref="MapFaultControl"/>.
/// </summary>
public static class FaultInjection
{
    /// <summary>
    /// Set in <see cref="HttpContext.Items"/> when the call is carried out and its answer then kept from the caller
    /// ("done but the answer lost", a 503 after the write): a sandbox that records what it did can say so, because the
    /// caller never learnt the outcome.
    /// </summary>
    public const string AnswerKeptBackItem = "connectorhost.sandbox.answer-kept-back";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    /// <summary>Injects the faults into the calls <paramref name="options"/> names.</summary>
    /// <param name="app">The app.</param>
    /// <param name="injector">The sandbox's injector.</param>
    /// <param name="options">Which calls, and the error shape.</param>
    /// <returns>The app.</returns>
    public static IApplicationBuilder UseFaultInjection(this IApplicationBuilder app, FaultInjector injector, FaultInjectionOptions options)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(options);
        return app.Use(next => context => options.AppliesTo(context) ? InvokeAsync(context, injector, options, next) : next(context));
    }

    /// <summary>Decides the faults of one call and applies them around <paramref name="next"/>.</summary>
    /// <param name="context">The call.</param>
    /// <param name="injector">The sandbox's injector.</param>
    /// <param name="options">The error shape and the service-specific faults.</param>
    /// <param name="next">The handling of the call.</param>
    /// <returns>A task that completes when the call was answered, refused or dropped.</returns>
    public static async Task InvokeAsync(HttpContext context, FaultInjector injector, FaultInjectionOptions options, RequestDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(injector);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(next);
        injector.Entered();
        try
        {
            await ApplyAsync(context, injector, options, next).ConfigureAwait(false);
        }
        finally
        {
            injector.Left();
        }
    }

    /// <summary>Maps <c>GET</c> (settings and counts), <c>PUT</c> (new settings; 400 with every problem) and <c>DELETE</c> (no faults) of <c>faults</c>.</summary>
    /// <param name="control">The control group (<c>/control</c>).</param>
    /// <param name="injector">The sandbox's injector.</param>
    public static void MapFaultControl(this IEndpointRouteBuilder control, FaultInjector injector)
    {
        ArgumentNullException.ThrowIfNull(control);
        ArgumentNullException.ThrowIfNull(injector);
        control.MapGet("/faults", () => Results.Json(injector.Status(), Json));
        control.MapPut("/faults", async (HttpRequest request) =>
        {
            FaultSettings? settings;
            try
            {
                settings = await request.ReadFromJsonAsync<FaultSettings>(Json, request.HttpContext.RequestAborted).ConfigureAwait(false);
            }
            catch (JsonException e)
            {
                return Results.Json(new { error = $"The fault settings are not valid JSON: {e.Message}" }, Json, statusCode: StatusCodes.Status400BadRequest);
            }

            try
            {
                injector.Configure(settings ?? FaultSettings.None);
                return Results.Json(injector.Status(), Json);
            }
            catch (ArgumentException e)
            {
                return Results.Json(new { error = e.Message }, Json, statusCode: StatusCodes.Status400BadRequest);
            }
        });
        control.MapDelete("/faults", () =>
        {
            injector.Configure(FaultSettings.None);
            return Results.Json(injector.Status(), Json);
        });
    }

    /// <summary>Carries the call out with its answer kept back (in memory), so that none of it reaches the client.</summary>
    private static async Task CarriedOutAsync(HttpContext context, RequestDelegate next)
    {
        var body = context.Response.Body;
        using var discard = new MemoryStream();
        context.Response.Body = discard;
        try
        {
            await next(context).ConfigureAwait(false);
        }
        finally
        {
            context.Response.Body = body;
        }
    }

    /// <summary>Handles the call with its answer kept back, then sends it in eight pieces spread over <paramref name="milliseconds"/>.</summary>
    private static async Task SlowlyAsync(HttpContext context, RequestDelegate next, int milliseconds)
    {
        var body = context.Response.Body;
        using var buffer = new MemoryStream();
        context.Response.Body = buffer;
        try
        {
            await next(context).ConfigureAwait(false);
        }
        finally
        {
            context.Response.Body = body;
        }

        var bytes = buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
        context.Response.ContentLength = bytes.Length;
        const int pieces = 8;
        var size = Math.Max(1, (bytes.Length + pieces - 1) / pieces);
        for (var offset = 0; offset < bytes.Length; offset += size)
        {
            await Task.Delay(milliseconds / pieces, context.RequestAborted).ConfigureAwait(false);
            await body.WriteAsync(bytes.Slice(offset, Math.Min(size, bytes.Length - offset)), context.RequestAborted).ConfigureAwait(false);
            await body.FlushAsync(context.RequestAborted).ConfigureAwait(false);
        }
    }

    private static async Task ApplyAsync(HttpContext context, FaultInjector injector, FaultInjectionOptions options, RequestDelegate next)
    {
        var method = context.Request.Method;
        var decision = injector.Next(isWrite: !HttpMethods.IsGet(method) && !HttpMethods.IsHead(method));
        if (decision.DelayMs > 0)
        {
            await Task.Delay(decision.DelayMs, context.RequestAborted).ConfigureAwait(false);
        }

        RequestDelegate handle = decision.SlowBodyMs > 0 ? c => SlowlyAsync(c, next, decision.SlowBodyMs) : next;
        switch (decision.Fault)
        {
            case InjectedFault.DropConnection:
                context.Abort();
                return;
            case InjectedFault.AnswerLost:
                context.Items[AnswerKeptBackItem] = true;
                await CarriedOutAsync(context, next).ConfigureAwait(false);
                context.Abort();
                return;
            case InjectedFault.Http500:
                await options.WriteErrorAsync(context, StatusCodes.Status500InternalServerError, "Injected HTTP 500 (sandbox fault injection).").ConfigureAwait(false);
                return;
            case InjectedFault.Http503:
                await options.WriteErrorAsync(context, StatusCodes.Status503ServiceUnavailable, "Injected HTTP 503 (sandbox fault injection).").ConfigureAwait(false);
                return;
            case InjectedFault.Http503AfterWrite:
                context.Items[AnswerKeptBackItem] = true;
                await CarriedOutAsync(context, next).ConfigureAwait(false);
                context.Response.Headers.Clear();
                await options.WriteErrorAsync(context, StatusCodes.Status503ServiceUnavailable, "Injected HTTP 503 after the call was carried out (sandbox fault injection).").ConfigureAwait(false);
                return;
            case InjectedFault.TooManyRequests:
                context.Response.Headers.RetryAfter = decision.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
                await options.WriteErrorAsync(context, StatusCodes.Status429TooManyRequests, $"Too many requests; retry after {decision.RetryAfterSeconds} s (sandbox fault injection).").ConfigureAwait(false);
                return;
            case InjectedFault.SoapFault or InjectedFault.WrongPassword:
                await options.ServiceFaults[decision.Fault](context, handle).ConfigureAwait(false);
                return;
            case InjectedFault.None:
            default:
                await handle(context).ConfigureAwait(false);
                return;
        }
    }
}

using System.Net;
using ConnectorHost.Abstractions.State;
using ConnectorHost.Configuration;
using ConnectorHost.Pipelines;
using ConnectorHost.Plugins;
using ConnectorHost.State;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ConnectorHost.Dashboard;

/// <summary>
/// The admin's window on the host: a small server-rendered web app on <c>host.dashboard.address</c> (loopback by
/// default), started with the host when <c>host.dashboard.enabled</c> is true. Every action is in the audit log.
/// </summary>
internal sealed partial class DashboardService(
    HostConfiguration configuration,
    PluginLoadReport plugins,
    PipelineStatusBoard board,
    IHostStateStore state,
    Lazy<PipelineScheduler> scheduler,
    ILoggerFactory loggerFactory) : IHostedService, IAsyncDisposable
{
    private readonly ILogger _logger = loggerFactory.CreateLogger<DashboardService>();
    private WebApplication? _app;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = configuration.Host.Dashboard;
        if (!settings.Enabled)
        {
            return;
        }

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(loggerFactory);
        builder.Services.AddAntiforgery();
        builder.WebHost.UseUrls(settings.Address.ToString());
        var app = builder.Build();
        var pages = new DashboardPages(configuration, plugins, board, state);
        var antiforgery = app.Services.GetRequiredService<IAntiforgery>();
        string Token(HttpContext context)
        {
            var tokens = antiforgery.GetAndStoreTokens(context);
            return $"<input type=\"hidden\" name=\"{Html.E(tokens.FormFieldName)}\" value=\"{Html.E(tokens.RequestToken)}\">";
        }

        app.MapGet("/", (HttpContext c) => Results.Content(pages.Overview(Token(c)), "text/html; charset=utf-8"));
        app.MapGet("/monitoring", async (HttpContext c, string? dossier, bool? all) =>
            Results.Content(await pages.MonitoringAsync(string.IsNullOrWhiteSpace(dossier) ? null : dossier, all ?? false, Token(c), c.RequestAborted).ConfigureAwait(false), "text/html; charset=utf-8"));
        app.MapGet("/healthz", (Delegate)HealthAsync);
        // Validated by the filter below for every action (the built-in check only applies to endpoints that bind forms).
        var actions = app.MapGroup(string.Empty).DisableAntiforgery();
        actions.AddEndpointFilter(async (context, next) =>
            await antiforgery.IsRequestValidAsync(context.HttpContext).ConfigureAwait(false)
                ? await next(context).ConfigureAwait(false)
                : Results.BadRequest("The form's anti-forgery token is missing or invalid: reload the page and try again."));
        actions.MapPost("/pipelines/{name}/run", async (HttpContext c, string name) =>
        {
            await AuditAsync(c, "run-now", $"pipeline:{name}", string.Empty).ConfigureAwait(false);
            _ = Task.Run(() => scheduler.Value.RunNowAsync(name, CancellationToken.None), CancellationToken.None);
            return Results.Redirect("/");
        });
        actions.MapPost("/instructions/{id:long}/resolve", async (HttpContext c, long id) =>
        {
            var done = await state.Instructions.ResolveAsync(id, Who(c), c.RequestAborted).ConfigureAwait(false);
            return done ? Results.Redirect("/monitoring") : Results.NotFound($"There is no open instruction {id}.");
        });
        actions.MapPost("/tasks/{id:long}/restart", async (HttpContext c, long id, [FromForm] string? payload) =>
        {
            var done = await state.Tasks.RestartAsync(id, string.IsNullOrWhiteSpace(payload) ? null : payload, Who(c), c.RequestAborted).ConfigureAwait(false);
            return done ? Results.Redirect("/monitoring") : Results.Conflict($"Task {id} cannot be restarted: it is running, done or cancelled.");
        });
        actions.MapPost("/tasks/{id:long}/cancel", async (HttpContext c, long id) =>
        {
            var done = await state.Tasks.CancelAsync(id, Who(c), c.RequestAborted).ConfigureAwait(false);
            return done ? Results.Redirect("/monitoring") : Results.Conflict($"Task {id} cannot be cancelled: it is running, done or cancelled.");
        });
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        _app = app;
        LogListening(settings.Address);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_app is not null)
        {
            await _app.StopAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static string Who(HttpContext context) => $"dashboard@{context.Connection.RemoteIpAddress ?? IPAddress.Loopback}";

    private Task AuditAsync(HttpContext context, string action, string subject, string details) =>
        state.Audit.WriteAsync(new AuditEntry(Who(context), action, subject, details), context.RequestAborted);

    private async Task<IResult> HealthAsync(HttpContext context)
    {
        string store;
        try
        {
            await state.PingAsync(context.RequestAborted).ConfigureAwait(false);
            store = "ok";
        }
#pragma warning disable CA1031 // the health check reports any failure of the store instead of throwing
        catch (Exception ex)
#pragma warning restore CA1031
        {
            store = ex.Message;
        }

        var pipelines = configuration.Pipelines.ToDictionary(
            p => p.Name,
            p => board.All.TryGetValue(p.Name, out var s) ? s.LastRun?.Outcome.ToString() ?? "not yet run" : "not yet run");
        var healthy = store == "ok";
        return Results.Json(new { status = healthy ? "ok" : "unhealthy", stateStore = store, pipelines, pluginFailures = plugins.Failures.Count }, statusCode: healthy ? 200 : 503);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Dashboard listening on {Address}")]
    private partial void LogListening(Uri address);
}

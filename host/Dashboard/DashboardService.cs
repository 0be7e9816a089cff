using ConnectorHost.Commands;
using ConnectorHost.Metrics;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using OpenTelemetry.Metrics;
using ConnectorHost.Abstractions.State;
using ConnectorHost.Configuration;
using ConnectorHost.Pipelines;
using ConnectorHost.Plugins;
using ConnectorHost.State;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Configuration;
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
    RunningConfiguration running,
    PluginLoadReport plugins,
    PipelineStatusBoard board,
    IHostStateStore state,
    Lazy<PipelineScheduler> scheduler,
    Lazy<AdminCommandRunner> commands,
    ILoggerFactory loggerFactory) : IHostedService, IAsyncDisposable
{
    private readonly ILogger _logger = loggerFactory.CreateLogger<DashboardService>();
    private readonly DashboardSessions _sessions = new();
    private readonly LoginThrottle _throttle = new();
    private WebApplication? _app;
    private StateGauges? _gauges;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = configuration.Host.Dashboard;
        if (!settings.Enabled)
        {
            return;
        }

        var access = new DashboardAccess(settings.Login);
        // SEC-1: only the YAML decides where the dashboard listens. No appsettings.json of the working folder, no
        // ASPNETCORE_*/DOTNET_* or Kestrel__* variable and no command line may move it (to 0.0.0.0, say).
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection();
        builder.Logging.ClearProviders();
        var hostNames = DashboardHostNames.For(settings);
        builder.Services.AddHostFiltering(o =>
        {
            o.AllowedHosts = [.. hostNames];
            o.AllowEmptyHosts = false;
            o.IncludeFailureMessage = true;
        });
        builder.Services.AddSingleton(loggerFactory);
        builder.Services.AddAntiforgery();
        builder.Services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme).AddCookie(o =>
        {
            o.LoginPath = "/login";
            o.Cookie.Name = "connectorhost.dashboard";
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.ExpireTimeSpan = TimeSpan.FromHours(8);
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest; // Secure over HTTPS, also behind a trusted TLS proxy
            o.Events.OnValidatePrincipal = _sessions.ValidateAsync;
        });
        builder.Services.AddAuthorization();
        builder.Services.AddOpenTelemetry().WithMetrics(m => m.AddMeter(HostMetrics.MeterName).AddPrometheusExporter());
        builder.WebHost.UseUrls(settings.Address.ToString());
        var app = builder.Build();
        _gauges = new StateGauges(state);
        var pages = new DashboardPages(running, plugins, board, state);
        var documents = new DocumentsPage(state.Documents);
        var pipelinePage = new PipelinePage(commands.Value);
        var antiforgery = app.Services.GetRequiredService<IAntiforgery>();
        Navigation Nav(HttpContext context)
        {
            var tokens = antiforgery.GetAndStoreTokens(context);
            var field = $"<input type=\"hidden\" name=\"{Html.E(tokens.FormFieldName)}\" value=\"{Html.E(tokens.RequestToken)}\">";
            var user = access.Required && context.User.Identity is { IsAuthenticated: true, Name: { } name } ? name : null;
            return new Navigation([.. commands.Value.List().Select(p => p.Pipeline)], user, field);
        }

        static IResult HtmlResult(string page) => Results.Content(page, "text/html; charset=utf-8");

        if (settings.TrustedProxies.Count > 0)
        {
            var forwarded = new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto, ForwardLimit = 1 };
            forwarded.KnownProxies.Clear();
            forwarded.KnownIPNetworks.Clear();
            foreach (var proxy in settings.TrustedProxies)
            {
                forwarded.KnownProxies.Add(System.Net.IPAddress.Parse(proxy));
            }

            app.UseForwardedHeaders(forwarded);
        }

        app.UseHostFiltering();
        app.UseAuthentication();
        app.Use((context, next) => access.ApiKeyAsync(context, next));
        app.UseAuthorization();

        var open = app.MapGroup(string.Empty);
        open.MapGet("/healthz", (Delegate)HealthAsync);
        open.MapGet("/login", (HttpContext c, string? returnUrl) => HtmlResult(LoginPage.Render(returnUrl, access.Required, null, Nav(c))));

        var viewer = app.MapGroup(string.Empty);
        var actions = app.MapGroup(string.Empty).DisableAntiforgery();
        if (access.Required)
        {
            viewer.RequireAuthorization();
            actions.RequireAuthorization();
        }

        viewer.MapGet("/", (HttpContext c, bool? live) => HtmlResult(pages.Overview(Nav(c) with { Live = live == true })));
        viewer.MapGet("/documents", async (HttpContext c, string? q, string? status, bool? live) =>
            HtmlResult(await documents.RenderAsync(q, status, Nav(c) with { Live = live == true }, c.RequestAborted).ConfigureAwait(false)));
        viewer.MapGet("/monitoring", async (HttpContext c, string? dossier, bool? all) =>
            HtmlResult(await pages.MonitoringAsync(string.IsNullOrWhiteSpace(dossier) ? null : dossier, all ?? false, Nav(c), c.RequestAborted).ConfigureAwait(false)));
        viewer.MapGet("/pipelines/{name}", async (HttpContext c, string name) => commands.Value.CommandsOf(name).Count == 0
            ? Results.NotFound($"Pipeline '{name}' offers no commands.")
            : HtmlResult(await pipelinePage.RenderAsync(name, null, null, DashboardAccess.Who(c), Nav(c), c.RequestAborted).ConfigureAwait(false)));
        viewer.MapGet("/pipelines/{name}/commands/{command}", async (HttpContext c, string name, string command) =>
        {
            var definition = commands.Value.CommandsOf(name).FirstOrDefault(d => d.Name == command);
            if (definition is null || definition.ChangesState)
            {
                return Results.NotFound($"Pipeline '{name}' has no view '{command}'.");
            }

            var arguments = definition.Parameters.Where(p => c.Request.Query.ContainsKey(p.Name)).ToDictionary(p => p.Name, p => c.Request.Query[p.Name].ToString());
            var result = await commands.Value.RunAsync(name, command, arguments, DashboardAccess.Who(c), c.RequestAborted).ConfigureAwait(false);
            return HtmlResult(await pipelinePage.RenderAsync(name, result, command, DashboardAccess.Who(c), Nav(c), c.RequestAborted).ConfigureAwait(false));
        });
        var metrics = app.MapPrometheusScrapingEndpoint();
        if (access.Required)
        {
            metrics.RequireAuthorization();
        }

        // Validated by the filter below for every action (the built-in check only applies to endpoints that bind forms).
        var forms = app.MapGroup(string.Empty).DisableAntiforgery();
        foreach (var group in new[] { actions, forms })
        {
            group.AddEndpointFilter(async (context, next) =>
                await antiforgery.IsRequestValidAsync(context.HttpContext).ConfigureAwait(false)
                    ? await next(context).ConfigureAwait(false)
                    : Results.BadRequest("The form's anti-forgery token is missing or invalid: reload the page and try again."));
        }

        forms.MapPost("/login", async (HttpContext c) =>
        {
            var form = await c.Request.ReadFormAsync(c.RequestAborted).ConfigureAwait(false);
            var returnUrl = form["returnUrl"].ToString();
            if (!_throttle.TryAttempt(c.Connection.RemoteIpAddress?.ToString() ?? string.Empty, form["user"].ToString()))
            {
                LogLoginThrottled(form["user"].ToString(), DashboardAccess.Who(c), LoginThrottle.AttemptsPerMinute);
                return Results.Content(
                    LoginPage.Render(returnUrl, access.Required, $"Too many login attempts (more than {LoginThrottle.AttemptsPerMinute} in a minute): wait a minute and try again.", Nav(c)),
                    "text/html; charset=utf-8",
                    statusCode: StatusCodes.Status429TooManyRequests);
            }

            var user = access.Check(form["user"].ToString(), form["password"].ToString());
            if (user is null)
            {
                LogLoginRefused(form["user"].ToString(), DashboardAccess.Who(c));
                return Results.Content(LoginPage.Render(returnUrl, access.Required, "The user name or password is not right.", Nav(c)), "text/html; charset=utf-8", statusCode: 401);
            }

            await DashboardAccess.SignInAsync(c, user, _sessions).ConfigureAwait(false);
            await state.Audit.WriteAsync(new AuditEntry($"dashboard:{user}@{c.Connection.RemoteIpAddress}", "login", "dashboard", string.Empty), c.RequestAborted).ConfigureAwait(false);
            return Results.Redirect(Uri.IsWellFormedUriString(returnUrl, UriKind.Relative) && returnUrl.StartsWith('/') && !returnUrl.StartsWith("//", StringComparison.Ordinal) ? returnUrl : "/");
        });
        actions.MapPost("/logout", async (HttpContext c) =>
        {
            _sessions.End(c.User);
            await c.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme).ConfigureAwait(false);
            return Results.Redirect("/login");
        });
        actions.MapPost("/pipelines/{name}/run", async (HttpContext c, string name) =>
        {
            if (configuration.Pipelines.All(p => p.Name != name))
            {
                return Results.NotFound($"There is no pipeline '{name}'.");
            }

            await AuditAsync(c, "run-now", $"pipeline:{name}", string.Empty).ConfigureAwait(false);
            scheduler.Value.StartRunNow(name);
            return Results.Redirect("/");
        });
        actions.MapPost("/pipelines/{name}/commands/{command}", async (HttpContext c, string name, string command) =>
        {
            var definition = commands.Value.CommandsOf(name).FirstOrDefault(d => d.Name == command);
            if (definition is null)
            {
                return Results.NotFound($"Pipeline '{name}' has no command '{command}'.");
            }

            var form = await c.Request.ReadFormAsync(c.RequestAborted).ConfigureAwait(false);
            var arguments = definition.Parameters.Where(p => form.ContainsKey(p.Name)).ToDictionary(p => p.Name, p => form[p.Name].ToString());
            var result = await commands.Value.RunAsync(name, command, arguments, DashboardAccess.Who(c), c.RequestAborted).ConfigureAwait(false);
            return HtmlResult(await pipelinePage.RenderAsync(name, result, command, DashboardAccess.Who(c), Nav(c), c.RequestAborted).ConfigureAwait(false));
        });
        actions.MapPost("/instructions/{id:long}/resolve", async (HttpContext c, long id) =>
        {
            var done = await state.Instructions.ResolveAsync(id, DashboardAccess.Who(c), c.RequestAborted).ConfigureAwait(false);
            return done ? Results.Redirect("/monitoring") : Results.NotFound($"There is no open instruction {id}.");
        });
        actions.MapPost("/tasks/{id:long}/restart", async (HttpContext c, long id, [FromForm] string? payload) =>
        {
            var done = await state.Tasks.RestartAsync(id, string.IsNullOrWhiteSpace(payload) ? null : payload, DashboardAccess.Who(c), c.RequestAborted).ConfigureAwait(false);
            return done ? Results.Redirect("/monitoring") : Results.Conflict($"Task {id} cannot be restarted: it is running, done or cancelled.");
        });
        actions.MapPost("/tasks/{id:long}/cancel", async (HttpContext c, long id) =>
        {
            var done = await state.Tasks.CancelAsync(id, DashboardAccess.Who(c), c.RequestAborted).ConfigureAwait(false);
            return done ? Results.Redirect("/monitoring") : Results.Conflict($"Task {id} cannot be cancelled: it is running, done or cancelled.");
        });
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (IOException ex) when (ex.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException)
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw new InvalidOperationException(
                $"The dashboard cannot listen on {settings.Address}: port {settings.Address.Port} is in use by another program (another ConnectorHost?). "
                + "Stop that program, or set host.dashboard.address to a free port.",
                ex);
        }

        _app = app;
        LogListening(settings.Address, access.Required ? "with a login" : "without a login (loopback only)");
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
        _gauges?.Dispose();
        _throttle.Dispose();
        if (_app is not null)
        {
            await _app.DisposeAsync().ConfigureAwait(false);
        }
    }

    private Task AuditAsync(HttpContext context, string action, string subject, string details) =>
        state.Audit.WriteAsync(new AuditEntry(DashboardAccess.Who(context), action, subject, details), context.RequestAborted);

    private async Task<IResult> HealthAsync(HttpContext context)
    {
        var (status, body) = await new HealthCheck(configuration, plugins, board, state, TimeProvider.System).CheckAsync(context.RequestAborted).ConfigureAwait(false);
        return Results.Json(body, statusCode: status);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Dashboard listening on {Address}, {Access}")]
    private partial void LogListening(Uri address, string access);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dashboard login refused for user '{User}' ({From}): more than {Limit} attempts in a minute; if this is not you, someone is guessing passwords")]
    private partial void LogLoginThrottled(string user, string from, int limit);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dashboard login refused for user '{User}' ({From}): wrong user name or password")]
    private partial void LogLoginRefused(string user, string from);
}

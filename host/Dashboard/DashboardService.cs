using ConnectorHost.Metrics;
using Microsoft.AspNetCore.Authentication.Cookies;
using OpenTelemetry.Metrics;
using ConnectorHost.Configuration;
using ConnectorHost.Dashboard.Pages;
using ConnectorHost.State;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ConnectorHost.Dashboard;

/// <summary>
/// The admin's window on the host: a small server-rendered web app on <c>host.dashboard.address</c> (loopback by
/// default), started with the host when <c>host.dashboard.enabled</c> is true. Every action is in the audit log.
/// Its pages are Razor components rendered on the server (<c>RazorComponentResult</c>, static: no script, no circuit);
/// each page maps its own routes (<c>Map…Page</c>) into the groups of <see cref="DashboardContext"/>.
/// </summary>
internal sealed partial class DashboardService(
    HostConfiguration configuration,
    IHostStateStore state,
    DashboardContext.Factory dashboardFor,
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
        builder.Services.AddRazorComponents();
        builder.Services.AddLocalization();
        builder.WebHost.UseUrls(settings.Address.ToString());
        RequestLimits.Configure(builder);
        var app = builder.Build();
        _gauges = new StateGauges(state);
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
        app.Use((context, next) => RequestLimits.CheckAsync(context, next, _logger));
        app.UseRequestLocalization(DashboardLanguage.Options());
        PageText.Zone = configuration.Host.FindTimeZone();
        app.UseAuthentication();
        app.Use((context, next) => access.ApiKeyAsync(context, next));
        app.UseAuthorization();

        var dashboard = dashboardFor(access, _sessions, _throttle, app.Services.GetRequiredService<IAntiforgery>(), _logger);
        app.MapProbes(dashboard)
            .MapLoginPage(dashboard)
            .MapOverviewPage(dashboard)
            .MapDocumentsPage(dashboard)
            .MapMonitoringPage(dashboard)
            .MapPipelinePage(dashboard)
            .MapLanguageSwitch(dashboard)
            .MapHistoryPage(dashboard)
            .MapClientsPage(dashboard)
            .MapClientPage(dashboard)
            .MapDocumentPage(dashboard)
            .MapTasksPage(dashboard)
            .MapInstructionsPage(dashboard)
            .MapAuditPage(dashboard)
            .MapRecordsPages(dashboard)
            .MapTaskPage(dashboard);
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

    [LoggerMessage(Level = LogLevel.Information, Message = "Dashboard listening on {Address}, {Access}")]
    private partial void LogListening(Uri address, string access);
}

using ConnectorHost.Abstractions.State;
using ConnectorHost.Commands;
using ConnectorHost.Configuration;
using ConnectorHost.Dashboard.Pages;
using ConnectorHost.Pipelines;
using ConnectorHost.Plugins;
using ConnectorHost.State;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace ConnectorHost.Dashboard;

/// <summary>
/// What the dashboard's pages share: the host's state they show, who may do what, and the route groups every page
/// maps into — open (the login, the health probe), for viewers (pages), and for actions (posts checked for their
/// anti-forgery token, audited by their page).
/// </summary>
internal sealed class DashboardContext(
    HostConfiguration configuration,
    RunningConfiguration running,
    PluginLoadReport plugins,
    PipelineStatusBoard board,
    IHostStateStore state,
    Lazy<PipelineScheduler> scheduler,
    Lazy<AdminCommandRunner> commands,
    DashboardAccess access,
    DashboardSessions sessions,
    LoginThrottle throttle,
    IAntiforgery antiforgery,
    ILogger logger)
{
    /// <summary>
    /// Builds the context from the host's parts (from the container) and the dashboard's own, made when it starts.
    /// </summary>
    public delegate DashboardContext Factory(DashboardAccess access, DashboardSessions sessions, LoginThrottle throttle, IAntiforgery antiforgery, ILogger logger);

    public HostConfiguration Configuration => configuration;

    public RunningConfiguration Running => running;

    public PluginLoadReport Plugins => plugins;

    public PipelineStatusBoard Board => board;

    public IHostStateStore State => state;

    public PipelineScheduler Scheduler => scheduler.Value;

    public AdminCommandRunner Commands => commands.Value;

    public DashboardAccess Access => access;

    public DashboardSessions Sessions => sessions;

    public LoginThrottle Throttle => throttle;

    public ILogger Logger => logger;

    /// <summary>The navigation of a page for this request, with its anti-forgery token (stored in its cookie now, before the page is written).</summary>
    public Navigation Navigation(HttpContext context, bool live = false)
    {
        var tokens = antiforgery.GetAndStoreTokens(context);
        var user = access.Required && context.User.Identity is { IsAuthenticated: true, Name: { } name } ? name : null;
        var here = context.Request.Path.Value + context.Request.QueryString.Value;
        return new Navigation([.. commands.Value.List().Select(p => p.Pipeline)], user, new FormToken(tokens.FormFieldName, tokens.RequestToken ?? string.Empty), live, here);
    }

    /// <summary>Routes anyone may use: the login and the health probe.</summary>
    public static RouteGroupBuilder Open(IEndpointRouteBuilder endpoints) => endpoints.MapGroup(string.Empty);

    /// <summary>Pages that show state: they need a login when one is configured.</summary>
    public RouteGroupBuilder Viewers(IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup(string.Empty);
        if (access.Required)
        {
            group.RequireAuthorization();
        }

        return group;
    }

    /// <summary>Posts that change something: they need a login when one is configured, and the form's anti-forgery token.</summary>
    public RouteGroupBuilder Actions(IEndpointRouteBuilder endpoints)
    {
        var group = Forms(endpoints);
        if (access.Required)
        {
            group.RequireAuthorization();
        }

        return group;
    }

    /// <summary>
    /// Posts checked for the form's anti-forgery token only (the login form). The check is this filter, for every
    /// post: the built-in check only applies to endpoints that bind forms.
    /// </summary>
    public RouteGroupBuilder Forms(IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup(string.Empty).DisableAntiforgery();
        group.AddEndpointFilter(async (context, next) =>
            await antiforgery.IsRequestValidAsync(context.HttpContext).ConfigureAwait(false)
                ? await next(context).ConfigureAwait(false)
                : Results.BadRequest("The form's anti-forgery token is missing or invalid: reload the page and try again."));
        return group;
    }

    /// <summary>Writes a dashboard action to the audit log, with who did it.</summary>
    public Task AuditAsync(HttpContext context, string action, string subject, string details) =>
        state.Audit.WriteAsync(new AuditEntry(DashboardAccess.Who(context), action, subject, details), context.RequestAborted);

    /// <summary>A page rendered from its model (static server rendering).</summary>
    public static RazorComponentResult<TPage> Page<TPage>(object model, int? statusCode = null)
        where TPage : IComponent =>
        new(new Dictionary<string, object?> { [nameof(DashboardPage<>.Model)] = model }) { StatusCode = statusCode };
}

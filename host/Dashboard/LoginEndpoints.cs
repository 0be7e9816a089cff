using ConnectorHost.Abstractions.State;
using ConnectorHost.Dashboard.Pages;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging;

namespace ConnectorHost.Dashboard;

/// <summary>
/// Logging in and out (<c>/login</c>, <c>/logout</c>): attempts are throttled (SEC-3), a refusal is logged without the
/// password, a login is audited, and logging out ends the session on the server.
/// </summary>
internal static partial class LoginEndpoints
{
    public static IEndpointRouteBuilder MapLoginPage(this IEndpointRouteBuilder endpoints, DashboardContext dashboard)
    {
        var access = dashboard.Access;
        DashboardContext.Open(endpoints).MapGet("/login", (HttpContext c, string? returnUrl) =>
            DashboardContext.Page<LoginPage>(new LoginModel(dashboard.Navigation(c), access.Required, returnUrl, null)));

        dashboard.Forms(endpoints).MapPost("/login", async (HttpContext c, IStringLocalizer<Texts> t) =>
        {
            var form = await c.Request.ReadFormAsync(c.RequestAborted).ConfigureAwait(false);
            var returnUrl = form["returnUrl"].ToString();
            if (!dashboard.Throttle.TryAttempt(c.Connection.RemoteIpAddress?.ToString() ?? string.Empty, form["user"].ToString()))
            {
                LogLoginThrottled(dashboard.Logger, form["user"].ToString(), DashboardAccess.Who(c), LoginThrottle.AttemptsPerMinute);
                var problem = t["Too many login attempts (more than {0} in a minute from one address or for one user, or {1} from all together): wait a minute and try again.", LoginThrottle.AttemptsPerMinute, LoginThrottle.AllAttemptsPerMinute];
                return DashboardContext.Page<LoginPage>(new LoginModel(dashboard.Navigation(c), access.Required, returnUrl, problem), StatusCodes.Status429TooManyRequests);
            }

            var user = access.Check(form["user"].ToString(), form["password"].ToString());
            if (user is null)
            {
                LogLoginRefused(dashboard.Logger, form["user"].ToString(), DashboardAccess.Who(c));
                return DashboardContext.Page<LoginPage>(new LoginModel(dashboard.Navigation(c), access.Required, returnUrl, t["The user name or password is not right."]), StatusCodes.Status401Unauthorized);
            }

            await DashboardAccess.SignInAsync(c, user, dashboard.Sessions).ConfigureAwait(false);
            await dashboard.State.Audit.WriteAsync(new AuditEntry($"dashboard:{user}@{c.Connection.RemoteIpAddress}", "login", "dashboard", string.Empty), c.RequestAborted).ConfigureAwait(false);
            return Results.Redirect(IsLocal(returnUrl) ? returnUrl : "/");
        });

        dashboard.Actions(endpoints).MapPost("/logout", async (HttpContext c) =>
        {
            dashboard.Sessions.End(c.User);
            await c.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme).ConfigureAwait(false);
            return Results.Redirect("/login");
        });
        return endpoints;
    }

    /// <summary>Whether the return address is a path of this dashboard (not another site's, not "//elsewhere").</summary>
    private static bool IsLocal(string returnUrl) =>
        Uri.IsWellFormedUriString(returnUrl, UriKind.Relative) && returnUrl.StartsWith('/') && !returnUrl.StartsWith("//", StringComparison.Ordinal);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dashboard login refused for user '{User}' ({From}): more than {Limit} attempts in a minute from this address or for this user, or more than 30 from all addresses together; if this is not you, someone is guessing passwords")]
    private static partial void LogLoginThrottled(ILogger logger, string user, string from, int limit);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dashboard login refused for user '{User}' ({From}): wrong user name or password")]
    private static partial void LogLoginRefused(ILogger logger, string user, string from);
}

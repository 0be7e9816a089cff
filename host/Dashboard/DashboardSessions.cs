using System.Collections.Concurrent;
using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace ConnectorHost.Dashboard;

/// <summary>
/// The dashboard's live login sessions, kept on the server (SEC-3). A login cookie names its session; logging out
/// ends that session here, so a copy of the cookie taken before the logout is refused afterwards. Sessions live in
/// the host's memory: after a restart everyone logs in again.
/// </summary>
internal sealed class DashboardSessions
{
    /// <summary>The claim in the cookie that names the session.</summary>
    public const string ClaimType = "connectorhost:session";

    private readonly ConcurrentDictionary<string, string> _live = new(StringComparer.Ordinal);

    /// <summary>Starts a session for <paramref name="user"/> and returns its id.</summary>
    public string Start(string user)
    {
        var id = Convert.ToHexString(RandomNumberGenerator.GetBytes(32));
        _live[id] = user;
        return id;
    }

    /// <summary>Ends the session of this principal, if it has one.</summary>
    public void End(ClaimsPrincipal principal)
    {
        if (principal.FindFirst(ClaimType)?.Value is { } id)
        {
            _live.TryRemove(id, out _);
        }
    }

    /// <summary>For the cookie handler: refuses a cookie whose session was ended (or belongs to an earlier run of the host).</summary>
    public async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var id = context.Principal?.FindFirst(ClaimType)?.Value;
        if (id is null || !_live.ContainsKey(id))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme).ConfigureAwait(false);
        }
    }
}

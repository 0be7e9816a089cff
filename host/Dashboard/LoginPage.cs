using System.Globalization;
using System.Text;
using static ConnectorHost.Dashboard.Html;

namespace ConnectorHost.Dashboard;

/// <summary>The login form, shown when <c>host.dashboard.login</c> is configured.</summary>
internal static class LoginPage
{
    public static string Render(string? returnUrl, bool required, string? problem, Navigation navigation)
    {
        var body = new StringBuilder();
        if (!required)
        {
            body.Append("<p>This dashboard has no login configured: it is open on its loopback address.</p>");
            return Page("Log in", body.ToString(), navigation);
        }

        if (problem is not null)
        {
            body.Append(CultureInfo.InvariantCulture, $"<p class=\"result failed\" id=\"problem\">{E(problem)}</p>");
        }

        body.Append(CultureInfo.InvariantCulture, $"<form method=\"post\" action=\"/login\" id=\"login\">{navigation.Antiforgery}<input type=\"hidden\" name=\"returnUrl\" value=\"{E(returnUrl)}\">")
            .Append("<p><label>User <input name=\"user\" autocomplete=\"username\"></label></p>")
            .Append("<p><label>Password <input name=\"password\" type=\"password\" autocomplete=\"current-password\"></label></p>")
            .Append("<p><button>Log in</button></p></form>");
        return Page("Log in", body.ToString(), navigation with { CommandPipelines = [] });
    }
}

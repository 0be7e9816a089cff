using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using ConnectorHost.Abstractions.Commands;

namespace ConnectorHost.Dashboard;

/// <summary>Small helpers to write server-rendered pages: every value from outside is encoded.</summary>
internal static class Html
{
    public static string E(object? value) => HtmlEncoder.Default.Encode(value?.ToString() ?? string.Empty);

    public static string U(string value) => Uri.EscapeDataString(value);

    public static string Time(DateTimeOffset? at) => at?.ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) ?? string.Empty;

    /// <summary>A command's result table, rows marked orange (warning) or red (error).</summary>
    public static void Table(StringBuilder body, ResultTable table, string id)
    {
        body.Append(CultureInfo.InvariantCulture, $"<h3>{E(table.Title)} ({table.Rows.Count})</h3>");
        if (table.Rows.Count == 0)
        {
            body.Append(CultureInfo.InvariantCulture, $"<p class=\"empty\" id=\"{E(id)}\">{E(table.EmptyText)}</p>");
            return;
        }

        body.Append(CultureInfo.InvariantCulture, $"<table id=\"{E(id)}\"><tr>");
        foreach (var column in table.Columns)
        {
            body.Append(CultureInfo.InvariantCulture, $"<th>{E(column)}</th>");
        }

        body.Append("</tr>");
        foreach (var row in table.Rows)
        {
            var mark = row.Mark switch { RowMark.Error => " class=\"red\"", RowMark.Warning => " class=\"orange\"", _ => string.Empty };
            body.Append(CultureInfo.InvariantCulture, $"<tr{mark}>");
            foreach (var cell in row.Cells)
            {
                body.Append(CultureInfo.InvariantCulture, $"<td>{E(cell)}</td>");
            }

            body.Append("</tr>");
        }

        body.Append("</table>");
    }

    /// <summary>
    /// The "live" switch of a page that only shows state (the overview, the documents): with <c>live=true</c> the page
    /// reloads itself every 10 seconds. Pages with forms to fill in never do, so nothing typed is lost.
    /// </summary>
    public static string LiveSwitch(string path, string query, bool live) => live
        ? $"<p class=\"live\">Live: this page refreshes every 10 seconds. <a href=\"{E(path + query)}\">Stop</a></p>"
        : $"<p class=\"live\"><a href=\"{E(path + (query.Length == 0 ? "?" : query + "&") + "live=true")}\">Live</a> (refresh every 10 seconds)</p>";

    /// <summary>A whole page with the navigation: the host's pages, then one per pipeline that offers commands.</summary>
    public static string Page(string title, string body, Navigation navigation)
    {
        var links = new StringBuilder("<a href=\"/\">Overview</a><a href=\"/documents\">Documents</a><a href=\"/monitoring\">Monitoring</a>");
        foreach (var pipeline in navigation.CommandPipelines)
        {
            links.Append(CultureInfo.InvariantCulture, $"<a href=\"/pipelines/{U(pipeline)}\">{E(pipeline)}</a>");
        }

        links.Append("<a href=\"/healthz\">Health</a><a href=\"/metrics\">Metrics</a>");
        if (navigation.User is { } user)
        {
            links.Append(CultureInfo.InvariantCulture, $"<span class=\"user\">{E(user)} <form method=\"post\" action=\"/logout\">{navigation.Antiforgery}<button>Log out</button></form></span>");
        }

        return $$"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
              <meta charset="utf-8">
              <title>{{E(title)}} - ConnectorHost</title>{{(navigation.Live ? "<meta http-equiv=\"refresh\" content=\"10\">" : string.Empty)}}
              <style>
                body { font-family: system-ui, sans-serif; margin: 1.5rem; color: #222; }
                nav { padding-bottom: .5rem; border-bottom: 1px solid #ccc; }
                nav a { margin-right: 1rem; } nav .user { float: right; }
                table { border-collapse: collapse; margin-top: .5rem; }
                th, td { border-bottom: 1px solid #ddd; padding: .35rem .6rem; text-align: left; vertical-align: top; }
                .orange { background: #ffe3b3; } .red { background: #ffc2c2; } .green { background: #d5f5d5; }
                .Succeeded { color: #176b1f; } .Failed, .PartlyFailed { color: #a31515; }
                .result { padding: .5rem .8rem; margin: .5rem 0; border-left: 4px solid #176b1f; background: #f2fbf2; }
                .result.failed { border-color: #a31515; background: #fdf0f0; }
                .empty { color: #666; } .live { color: #666; font-size: .9em; }
                form { display: inline; } fieldset { margin: .5rem 0; }
              </style>
            </head>
            <body>
              <nav>{{links}}</nav>
              <h1>{{E(title)}}</h1>
              {{body}}
            </body>
            </html>
            """;
    }
}

/// <summary>What the navigation shows: the pipelines with a page of commands, and who is logged in.</summary>
/// <param name="CommandPipelines">The pipelines whose components offer commands.</param>
/// <param name="User">The logged-in user, or null without a login.</param>
/// <param name="Antiforgery">The anti-forgery field for the log-out form.</param>
/// <param name="Live">Whether the page reloads itself every 10 seconds.</param>
internal sealed record Navigation(IReadOnlyList<string> CommandPipelines, string? User, string Antiforgery, bool Live = false);

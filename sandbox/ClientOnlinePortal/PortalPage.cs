using System.Globalization;
using System.Text;
using ConnectorHost.Plugins.ClientOnline.Contracts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using static System.Net.WebUtility;

namespace ConnectorHost.Sandbox.ClientOnlinePortal;

/// <summary>
/// One plain HTML page at <c>/</c> listing the submissions, with Approve and Reject buttons (form posts), so a
/// person can play the client during a demo. No script, no styling framework.
/// </summary>
internal static class PortalPage
{
    public static void Map(IEndpointRouteBuilder app, PortalState state)
    {
        app.MapGet("/", () => Results.Content(Render(state), "text/html; charset=utf-8"));
        app.MapPost("/ui/submissions/{reference}/approve", (string reference) =>
            Act(() => state.Approve(reference)));
        app.MapPost("/ui/submissions/{reference}/reject", async (string reference, HttpRequest request) =>
        {
            var form = await request.ReadFormAsync(request.HttpContext.RequestAborted).ConfigureAwait(false);
            var reason = form["reason"].ToString();
            return Act(() => state.Reject(reference, string.IsNullOrWhiteSpace(reason) ? "Afgekeurd door de cliënt." : reason));
        });
    }

    private static IResult Act(Action action)
    {
        try
        {
            action();
            return Results.Redirect("/", permanent: false);
        }
        catch (Exception e) when (e is KeyNotFoundException or InvalidOperationException or ArgumentException)
        {
            return Results.Content(
                $"<!DOCTYPE html><html><body><p>{HtmlEncode(e.Message)}</p><p><a href=\"/\">Back</a></p></body></html>",
                "text/html; charset=utf-8",
                statusCode: StatusCodes.Status409Conflict);
        }
    }

    private static string Render(PortalState state)
    {
        var html = new StringBuilder();
        html.Append("""
            <!DOCTYPE html>
            <html lang="nl"><head><meta charset="utf-8"><title>ClientOnline sandbox portal</title>
            <style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 8px;text-align:left}</style>
            </head><body>
            <h1>ClientOnline sandbox portal</h1>
            <p>A local stand-in for the ClientOnline accordering portal. Approve or reject as the client would.</p>
            <h2>Submissions</h2>
            <table><tr><th>Reference</th><th>Received (UTC)</th><th>Client</th><th>File</th><th>Document type</th><th>Period</th><th>Deadline</th><th>Status</th><th>Reason</th><th></th></tr>
            """);
        foreach (var s in state.Submissions.Reverse())
        {
            var reference = HtmlEncode(s.Reference);
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{reference}</td><td>{s.ReceivedAt:yyyy-MM-dd HH:mm:ss}</td>")
                .Append(CultureInfo.InvariantCulture, $"<td>{HtmlEncode(s.ClientName ?? "")} ({HtmlEncode(s.ClientNumberKind.ToString())} {HtmlEncode(s.ClientNumber)})</td>")
                .Append(CultureInfo.InvariantCulture, $"<td>{HtmlEncode(s.FileName)}</td><td>{HtmlEncode(s.DocumentType)}</td>")
                .Append(CultureInfo.InvariantCulture, $"<td>{s.PeriodFrom:yyyy-MM-dd} – {s.PeriodTo:yyyy-MM-dd}</td><td>{s.Deadline:yyyy-MM-dd}</td>")
                .Append(CultureInfo.InvariantCulture, $"<td>{s.Status}</td><td>{HtmlEncode(s.Reason ?? "")}</td><td>");
            if (s.Status == SubmissionStatus.Pending)
            {
                html.Append(CultureInfo.InvariantCulture, $"<form method=\"post\" action=\"/ui/submissions/{reference}/approve\" style=\"display:inline\"><button type=\"submit\">Approve</button></form> ")
                    .Append(CultureInfo.InvariantCulture, $"<form method=\"post\" action=\"/ui/submissions/{reference}/reject\" style=\"display:inline\"><input name=\"reason\" placeholder=\"reason\"> <button type=\"submit\">Reject</button></form>");
            }

            html.Append("</td></tr>\n");
        }

        html.Append("</table>\n<h2>Clients</h2>\n<table><tr><th>Hidden id</th><th>Name</th><th>KvK</th><th>OB</th><th>LH</th><th>BSN</th><th>RSIN</th><th>Dossier</th></tr>\n");
        foreach (var c in state.Clients)
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{HtmlEncode(c.HiddenId)}</td><td>{HtmlEncode(c.Name)}</td><td>{HtmlEncode(c.KvkNumber ?? "")}</td>")
                .Append(CultureInfo.InvariantCulture, $"<td>{HtmlEncode(c.ObNumber ?? "")}</td><td>{HtmlEncode(c.LhNumber ?? "")}</td><td>{HtmlEncode(c.Bsn ?? "")}</td><td>{HtmlEncode(c.Rsin ?? "")}</td>")
                .Append(CultureInfo.InvariantCulture, $"<td>{state.Dossier(c.HiddenId).Count} document(s)</td></tr>\n");
        }

        html.Append("</table>\n<h2>Filings sent to the requesting authority</h2>\n<table><tr><th>Reference</th><th>Sent (UTC)</th><th>Document type</th><th>To</th><th>Client</th><th>File</th></tr>\n");
        foreach (var f in state.SentFilings)
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{HtmlEncode(f.Reference)}</td><td>{f.SentAt:yyyy-MM-dd HH:mm:ss}</td><td>{HtmlEncode(f.DocumentType)}</td>")
                .Append(CultureInfo.InvariantCulture, $"<td>{HtmlEncode(f.Authority)}</td><td>{HtmlEncode(f.ClientName)}</td><td>{HtmlEncode(f.FileName)}</td></tr>\n");
        }

        html.Append("</table>\n<p>Control API: <code>/control/...</code>; SOAP: <a href=\"")
            .Append(AccorderingNamespace.ServicePath).Append("?wsdl\">").Append(AccorderingNamespace.ServicePath).Append("?wsdl</a></p>\n</body></html>\n");
        return html.ToString();
    }
}

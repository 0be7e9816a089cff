using System.Globalization;
using System.Text;
using ConnectorHost.Abstractions.Commands;
using ConnectorHost.Commands;
using static ConnectorHost.Dashboard.Html;

namespace ConnectorHost.Dashboard;

/// <summary>
/// The page of a pipeline whose components offer admin commands (Certipost, CaseWare Cloud, the portal import): each
/// view without required arguments is run and its tables shown; views with arguments get a form; each action gets a
/// form with a button. An action's result is shown on top of the page.
/// </summary>
internal sealed class PipelinePage(AdminCommandRunner commands)
{
    public async Task<string> RenderAsync(string pipeline, AdminCommandResult? result, string? resultOf, string actor, Navigation navigation, CancellationToken cancellationToken)
    {
        var body = new StringBuilder();
        if (result is not null)
        {
            Result(body, result, resultOf ?? "command", "result");
        }

        foreach (var command in commands.CommandsOf(pipeline))
        {
            body.Append(CultureInfo.InvariantCulture, $"<section id=\"command-{E(command.Name)}\"><h2>{E(Title(command.Name))}</h2><p>{E(command.Description)}</p>");
            if (command.ChangesState)
            {
                Form(body, pipeline, command, "post", navigation.Antiforgery);
            }
            else if (command.Parameters.Any(p => p.Required))
            {
                Form(body, pipeline, command, "get", string.Empty);
            }
            else if (resultOf != command.Name)
            {
                var view = await commands.RunAsync(pipeline, command.Name, new Dictionary<string, string>(), actor, cancellationToken).ConfigureAwait(false);
                body.Append(CultureInfo.InvariantCulture, $"<p><a href=\"/pipelines/{U(pipeline)}#command-{U(command.Name)}\">Refresh</a> (re-reads everything)</p>");
                Result(body, view, command.Name, $"view-{command.Name}");
            }

            body.Append("</section>");
        }

        return Page(pipeline, body.ToString(), navigation);
    }

    private static void Result(StringBuilder body, AdminCommandResult result, string command, string id)
    {
        body.Append(CultureInfo.InvariantCulture, $"<div class=\"result{(result.Succeeded ? string.Empty : " failed")}\" id=\"{E(id)}\"><strong>{E(Title(command))}:</strong> {E(result.Summary)}");
        var index = 0;
        foreach (var table in result.Tables)
        {
            Table(body, table, $"{id}-{index++}");
        }

        body.Append("</div>");
    }

    private static void Form(StringBuilder body, string pipeline, AdminCommand command, string method, string antiforgery)
    {
        body.Append(CultureInfo.InvariantCulture, $"<form method=\"{method}\" action=\"/pipelines/{U(pipeline)}/commands/{U(command.Name)}\">{antiforgery}");
        foreach (var parameter in command.Parameters)
        {
            body.Append(CultureInfo.InvariantCulture, $"<label title=\"{E(parameter.Description)}\">{E(parameter.Name)} <input name=\"{E(parameter.Name)}\"{(parameter.Required ? " required" : string.Empty)} placeholder=\"{E(parameter.Description)}\"></label> ");
        }

        body.Append(CultureInfo.InvariantCulture, $"<button>{E(Title(command.Name))}</button></form>");
    }

    private static string Title(string name) => name.Length == 0 ? name : char.ToUpperInvariant(name[0]) + name[1..].Replace('-', ' ');
}

using ConnectorHost.Abstractions.Commands;
using ConnectorHost.Dashboard.Pages;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace ConnectorHost.Dashboard;

/// <summary>
/// The page of a pipeline whose components offer admin commands (<c>/pipelines/{name}</c>): a command with arguments
/// (a view that reads a file, such as the import's dry run) and every action run by a POST with the anti-forgery token,
/// never by a GET (FH-5): a page the admin visits on another site cannot start work here. A command's result is shown
/// on top of the page.
/// </summary>
internal static class PipelineEndpoints
{
    public static IEndpointRouteBuilder MapPipelinePage(this IEndpointRouteBuilder endpoints, DashboardContext dashboard)
    {
        var viewers = dashboard.Viewers(endpoints);
        viewers.MapGet("/pipelines/{name}", async (HttpContext c, string name) => dashboard.Commands.CommandsOf(name).Count == 0
            ? Results.NotFound($"Pipeline '{name}' offers no commands.")
            : await PageAsync(dashboard, c, name, null, null).ConfigureAwait(false));
        dashboard.Actions(endpoints).MapPost("/pipelines/{name}/commands/{command}", async (HttpContext c, string name, string command) =>
        {
            var definition = dashboard.Commands.CommandsOf(name).FirstOrDefault(d => d.Name == command);
            if (definition is null)
            {
                return Results.NotFound($"Pipeline '{name}' has no command '{command}'.");
            }

            var form = await c.Request.ReadFormAsync(c.RequestAborted).ConfigureAwait(false);
            var arguments = definition.Parameters.Where(p => form.ContainsKey(p.Name)).ToDictionary(p => p.Name, p => form[p.Name].ToString());
            var result = await dashboard.Commands.RunAsync(name, command, arguments, DashboardAccess.Who(c), c.RequestAborted).ConfigureAwait(false);
            return await PageAsync(dashboard, c, name, result, command).ConfigureAwait(false);
        });
        return endpoints;
    }

    /// <summary>
    /// The page: every view without arguments is run (except the one whose result is on top), in the order the
    /// pipeline declares its commands. A view with arguments runs only when its form is posted.
    /// </summary>
    private static async Task<IResult> PageAsync(DashboardContext dashboard, HttpContext c, string pipeline, AdminCommandResult? result, string? resultOf)
    {
        var sections = new List<CommandSection>();
        foreach (var command in dashboard.Commands.CommandsOf(pipeline))
        {
            var runsForThePage = RunsForThePage(command) && resultOf != command.Name;
            var view = runsForThePage
                ? await dashboard.Commands.RunAsync(pipeline, command.Name, new Dictionary<string, string>(), DashboardAccess.Who(c), c.RequestAborted).ConfigureAwait(false)
                : null;
            sections.Add(new CommandSection(command, view));
        }

        return DashboardContext.Page<PipelinePage>(new PipelineModel(dashboard.Navigation(c), pipeline, result, resultOf, sections));
    }

    /// <summary>Whether a command is run to show the page: a view without arguments; anything else needs its form posted.</summary>
    internal static bool RunsForThePage(AdminCommand command) => !command.ChangesState && command.Parameters.Count == 0;
}

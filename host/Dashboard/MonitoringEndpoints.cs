using ConnectorHost.Abstractions.State;
using ConnectorHost.Dashboard.Pages;
using ConnectorHost.State;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace ConnectorHost.Dashboard;

/// <summary>The monitoring page (<c>/monitoring</c>) and its actions: resolve an instruction, restart or cancel a task.</summary>
internal static class MonitoringEndpoints
{
    public static IEndpointRouteBuilder MapMonitoringPage(this IEndpointRouteBuilder endpoints, DashboardContext dashboard)
    {
        var state = dashboard.State;
        // Paged by key like every list (UI-4): 50 tasks to a page, those that need a person first; a page of 500 rows
        // asked every few seconds kept the render trees of its HTML on the large-object heap.
        dashboard.Viewers(endpoints).MapGet("/monitoring", async Task<IResult> (HttpContext c, string? dossier, bool? all, string? after) =>
        {
            var filter = string.IsNullOrWhiteSpace(dossier) ? null : dossier.Trim();
            MonitoringCursor? key = null;
            if (after is not null && !MonitoringCursor.TryParse(after, out key))
            {
                return Results.BadRequest($"'{after}' is not a page key of monitoring: follow the page's Next link.");
            }

            var page = await state.Dashboard.MonitoringAsync(new MonitoringListQuery { Dossier = filter, All = all == true, After = key, Limit = ListFilter.PageSize }, c.RequestAborted).ConfigureAwait(false);
            // Only the instructions of the tasks shown and the pipelines' open ones, not every instruction ever made.
            var ids = page.Rows.Where(t => t.InstructionId is not null).Select(t => t.InstructionId!.Value).ToList();
            var instructions = (await state.Dashboard.InstructionsForMonitoringAsync(ids, c.RequestAborted).ConfigureAwait(false)).ToDictionary(i => i.Id);
            return DashboardContext.Page<MonitoringPage>(new MonitoringModel(dashboard.Navigation(c), filter, all == true, key, page, instructions));
        });

        var actions = dashboard.Actions(endpoints);
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
        return endpoints;
    }
}

using ConnectorHost.Abstractions.State;
using ConnectorHost.Dashboard.Pages;
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
        dashboard.Viewers(endpoints).MapGet("/monitoring", async (HttpContext c, string? dossier, bool? all) =>
        {
            var filter = string.IsNullOrWhiteSpace(dossier) ? null : dossier;
            var query = all == true ? new TaskQuery(Dossier: filter) : TaskQuery.Monitoring(dossier: filter);
            var tasks = await state.Tasks.ListAsync(query, c.RequestAborted).ConfigureAwait(false);
            // Only the instructions of the tasks shown and the pipelines' open ones, not every instruction ever made.
            var ids = tasks.Where(t => t.InstructionId is not null).Select(t => t.InstructionId!.Value).ToList();
            var instructions = (await state.Dashboard.InstructionsForMonitoringAsync(ids, c.RequestAborted).ConfigureAwait(false)).ToDictionary(i => i.Id);
            return DashboardContext.Page<MonitoringPage>(new MonitoringModel(dashboard.Navigation(c), filter, all == true, tasks, instructions));
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

using ConnectorHost.Dashboard.Pages;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace ConnectorHost.Dashboard;

/// <summary>The overview (<c>/</c>) and its Run now button.</summary>
internal static class OverviewEndpoints
{
    public static IEndpointRouteBuilder MapOverviewPage(this IEndpointRouteBuilder endpoints, DashboardContext dashboard)
    {
        dashboard.Viewers(endpoints).MapGet("/", (HttpContext c, bool? live) =>
            DashboardContext.Page<OverviewPage>(new OverviewModel(dashboard.Navigation(c, live == true), dashboard.Running, dashboard.Plugins, dashboard.Board.All)));

        // Run now goes through the scheduler: the same gate and lease as a scheduled run. Its result (or why it
        // could not start) is on the board, so the overview shows it in the pipeline's row.
        dashboard.Actions(endpoints).MapPost("/pipelines/{name}/run", async (HttpContext c, string name) =>
        {
            if (dashboard.Configuration.Pipelines.All(p => p.Name != name))
            {
                return Results.NotFound($"There is no pipeline '{name}'.");
            }

            await dashboard.AuditAsync(c, "run-now", $"pipeline:{name}", string.Empty).ConfigureAwait(false);
            _ = dashboard.Scheduler.StartRunNow(name);
            return Results.Redirect("/");
        });
        return endpoints;
    }
}

using System.Globalization;
using ConnectorHost.Abstractions.State;
using ConnectorHost.Dashboard.Pages;
using ConnectorHost.State;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace ConnectorHost.Dashboard;

/// <summary>
/// The tasks list (<c>/tasks</c>, UI-4): every dossier task, filtered by status, queue, dossier and the day it was
/// delivered, paged by key, with the totals by status and a CSV download (<c>/tasks.csv</c>).
/// </summary>
internal static class TasksEndpoints
{
    public static IEndpointRouteBuilder MapTasksPage(this IEndpointRouteBuilder endpoints, DashboardContext dashboard)
    {
        var viewers = dashboard.Viewers(endpoints);
        viewers.MapGet("/tasks", async (HttpContext c) =>
        {
            var filter = ListFilter.Parse(c.Request.Query);
            if (filter.HasBadIdKey)
            {
                return filter.BadKey();
            }

            var page = await dashboard.State.Dashboard.TasksAsync(Query(filter), c.RequestAborted).ConfigureAwait(false);
            return DashboardContext.Page<TasksPage>(new TasksModel(dashboard.Navigation(c), filter, page));
        });
        viewers.MapGet("/tasks.csv", async (HttpContext c) =>
        {
            var filter = ListFilter.Parse(c.Request.Query) with { After = null };
            await CsvDownload.WriteAsync(
                c,
                "tasks.csv",
                ["id", "status", "queue", "dossier", "kind", "delivered", "attempts", "last error", "instruction"],
                async after =>
                {
                    var page = await dashboard.State.Dashboard.TasksAsync(Query(filter with { After = after }, CsvDownload.PageSize) with { WithTotals = false }, c.RequestAborted).ConfigureAwait(false);
                    return (page.Rows, page.Next);
                },
                t => [t.Id.ToString(CultureInfo.InvariantCulture), t.Status.ToString(), t.Queue, t.Dossier, t.Kind, PageText.Time(t.DeliveredAt),
                      t.Attempts.ToString(CultureInfo.InvariantCulture), t.LastError, t.InstructionId?.ToString(CultureInfo.InvariantCulture)]).ConfigureAwait(false);
        });
        return endpoints;
    }

    /// <summary>The list query of a filter.</summary>
    public static TaskListQuery Query(ListFilter filter, int limit = ListFilter.PageSize) => new()
    {
        Statuses = Enum.TryParse<QueuedTaskStatus>(filter.Status, out var status) ? [status] : null,
        Queue = filter.Pipeline,
        Dossier = filter.Client,
        From = filter.FromMoment,
        Until = filter.UntilMoment,
        After = filter.IdKey,
        Limit = limit,
    };
}

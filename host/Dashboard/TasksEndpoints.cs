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
        ListEndpoints.ReadPage<QueuedTask, QueuedTaskStatus> read = (filter, limit, totals, token) =>
            dashboard.State.Dashboard.TasksAsync(Query(filter, limit) with { WithTotals = totals }, token);
        viewers.MapIdPagedList("/tasks", read, (c, filter, page) => DashboardContext.Page<TasksPage>(new TasksModel(dashboard.Navigation(c), filter, page)));
        viewers.MapCsv(
            "/tasks",
            ["id", "status", "queue", "dossier", "kind", "delivered", "attempts", "last error", "instruction"],
            read,
            t => [t.Id.ToString(CultureInfo.InvariantCulture), t.Status.ToString(), t.Queue, t.Dossier, t.Kind, PageText.Time(t.DeliveredAt),
                  t.Attempts.ToString(CultureInfo.InvariantCulture), t.LastError, t.InstructionId?.ToString(CultureInfo.InvariantCulture)]);
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

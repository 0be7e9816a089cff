using ConnectorHost.Dashboard.Pages;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace ConnectorHost.Dashboard;

/// <summary>
/// The lists of records (UI-4): the Certipost relations (<c>/relations</c>) and the CaseWare Cloud clients and contact
/// persons (<c>/caseware</c>, <c>/caseware-contacts</c>), one page per row of <see cref="Connectors.RecordLists"/>:
/// by number (the record's key), filtered by status, client and the day of the last change, with the totals by status
/// and a CSV download of the filter (the path with <c>.csv</c>). They show the records as held; reading the package
/// again is the pipeline page's action.
/// </summary>
internal static class RecordsEndpoints
{
    public static IEndpointRouteBuilder MapRecordsPages(this IEndpointRouteBuilder endpoints, DashboardContext dashboard)
    {
        var viewers = dashboard.Viewers(endpoints);
        foreach (var list in Connectors.RecordLists)
        {
            viewers.MapGet(list.Path, async (HttpContext c) =>
            {
                var filter = ListFilter.Parse(c.Request.Query);
                var page = await dashboard.State.Dashboard.RecordsAsync(list.Query(filter), c.RequestAborted).ConfigureAwait(false);
                return DashboardContext.Page<RecordsPage>(new RecordsModel(dashboard.Navigation(c), list, filter, page));
            });
            viewers.MapCsv(
                list.Path,
                ["key", "status", "client", "name", list.DetailLabel.ToLowerInvariant(), "last change"],
                (filter, limit, totals, token) => dashboard.State.Dashboard.RecordsAsync(list.Query(filter, limit) with { WithTotals = totals }, token),
                r => [r.Key, r.Status, r.Client, r.Name, r.Detail, PageText.Time(r.UpdatedAt)]);
        }

        return endpoints;
    }
}

using System.Globalization;
using ConnectorHost.Dashboard.Pages;
using ConnectorHost.State;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace ConnectorHost.Dashboard;

/// <summary>
/// The audit log (<c>/audit</c>, UI-4): every line, newest first, filtered by action, pipeline (as subject or author),
/// client (a dossier's, relation's or client's lines) and date range, paged by key, with the totals by action and a
/// CSV download of the filter (<c>/audit.csv</c>).
/// </summary>
internal static class AuditEndpoints
{
    public static IEndpointRouteBuilder MapAuditPage(this IEndpointRouteBuilder endpoints, DashboardContext dashboard)
    {
        var viewers = dashboard.Viewers(endpoints);
        ListEndpoints.ReadPage<AuditRow, string> read = (filter, limit, totals, token) =>
            dashboard.State.Dashboard.AuditAsync(Query(filter, limit) with { WithTotals = totals }, token);
        viewers.MapIdPagedList("/audit", read, (c, filter, page) => DashboardContext.Page<AuditPage>(new AuditModel(dashboard.Navigation(c), filter, page)));
        viewers.MapCsv(
            "/audit",
            ["id", "at", "who", "action", "subject", "details"],
            read,
            a => [a.Id.ToString(CultureInfo.InvariantCulture), PageText.Time(a.At), a.Who, a.Action, a.Subject, a.Details]);
        return endpoints;
    }

    /// <summary>The list query of a filter.</summary>
    public static AuditListQuery Query(ListFilter filter, int limit = ListFilter.PageSize) => new()
    {
        Actions = filter.Status is { } action ? [action] : null,
        Pipeline = filter.Pipeline,
        Client = filter.Client,
        From = filter.FromMoment,
        Until = filter.UntilMoment,
        After = filter.IdKey,
        Limit = limit,
    };
}

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
        viewers.MapGet("/audit", async (HttpContext c) =>
        {
            var filter = ListFilter.Parse(c.Request.Query);
            if (filter.HasBadIdKey)
            {
                return filter.BadKey();
            }

            var page = await dashboard.State.Dashboard.AuditAsync(Query(filter), c.RequestAborted).ConfigureAwait(false);
            return DashboardContext.Page<AuditPage>(new AuditModel(dashboard.Navigation(c), filter, page));
        });
        viewers.MapGet("/audit.csv", async (HttpContext c) =>
        {
            var filter = ListFilter.Parse(c.Request.Query) with { After = null };
            await CsvDownload.WriteAsync(
                c,
                "audit.csv",
                ["id", "at", "who", "action", "subject", "details"],
                async after =>
                {
                    var page = await dashboard.State.Dashboard.AuditAsync(Query(filter with { After = after }, CsvDownload.PageSize) with { WithTotals = false }, c.RequestAborted).ConfigureAwait(false);
                    return (page.Rows, page.Next);
                },
                a => [a.Id.ToString(CultureInfo.InvariantCulture), PageText.Time(a.At), a.Who, a.Action, a.Subject, a.Details]).ConfigureAwait(false);
        });
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

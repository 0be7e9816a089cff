using System.Globalization;
using ConnectorHost.Dashboard.Pages;
using ConnectorHost.State;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace ConnectorHost.Dashboard;

/// <summary>
/// The documents list (<c>/documents</c>, CO-17, UI-4): filtered by status, pipeline, client, date range and search,
/// paged by key, with the totals by status and a CSV download of the whole filter (<c>/documents.csv</c>).
/// </summary>
internal static class DocumentsEndpoints
{
    public static IEndpointRouteBuilder MapDocumentsPage(this IEndpointRouteBuilder endpoints, DashboardContext dashboard)
    {
        var viewers = dashboard.Viewers(endpoints);
        viewers.MapGet("/documents", async (HttpContext c, bool? live) =>
        {
            var filter = ListFilter.Parse(c.Request.Query);
            ListPage<LedgerEntry, LedgerStatus> page;
            try
            {
                page = await dashboard.State.Dashboard.DocumentsAsync(DocumentFilters.Query(filter), c.RequestAborted).ConfigureAwait(false);
            }
            catch (FormatException e)
            {
                return Results.BadRequest(e.Message);
            }

            return DashboardContext.Page<DocumentsPage>(new DocumentsModel(dashboard.Navigation(c, live == true), filter, page));
        });
        viewers.MapCsv(
            "/documents",
            ["status", "file", "client", "type", "period", "reason", "pipeline", "first seen", "last change", "attempts", "key"],
            (filter, limit, totals, token) => dashboard.State.Dashboard.DocumentsAsync(DocumentFilters.Query(filter, limit) with { WithTotals = totals }, token),
            e => [DocumentFilters.Describe(e).Label, e.FileName, e.ClientNumber, e.DocumentType, DocumentFilters.Period(e), DocumentFilters.Reason(e), e.Pipeline,
                  PageText.Time(e.CreatedAt), PageText.Time(e.UpdatedAt), e.Attempts.ToString(CultureInfo.InvariantCulture), e.Key]);
        return endpoints;
    }
}

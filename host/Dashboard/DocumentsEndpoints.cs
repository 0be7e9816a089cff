using ConnectorHost.Dashboard.Pages;
using ConnectorHost.State;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace ConnectorHost.Dashboard;

/// <summary>The documents page (<c>/documents</c>, CO-17), searchable and filtered by status.</summary>
internal static class DocumentsEndpoints
{
    public static IEndpointRouteBuilder MapDocumentsPage(this IEndpointRouteBuilder endpoints, DashboardContext dashboard)
    {
        dashboard.Viewers(endpoints).MapGet("/documents", async (HttpContext c, string? q, string? status, bool? live) =>
        {
            var filter = DocumentFilters.All.FirstOrDefault(f => f.Name == status);
            var query = new LedgerQuery(Statuses: filter.Statuses, Search: string.IsNullOrWhiteSpace(q) ? null : q.Trim(), Limit: DocumentFilters.Limit)
            {
                OnlyNotPutAway = filter.Name == DocumentFilters.NotPutAway,
            };
            var entries = await dashboard.State.Documents.ListAsync(query, c.RequestAborted).ConfigureAwait(false);
            return DashboardContext.Page<DocumentsPage>(new DocumentsModel(dashboard.Navigation(c, live == true), q, status, entries));
        });
        return endpoints;
    }
}

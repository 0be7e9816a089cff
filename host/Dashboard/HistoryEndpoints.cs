using ConnectorHost.Dashboard.Pages;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace ConnectorHost.Dashboard;

/// <summary>A document's page (<c>/documents/{key}</c>) and a task's page (<c>/tasks/{id}</c>) with their whole history (UI-5).</summary>
internal static class HistoryEndpoints
{
    public static IEndpointRouteBuilder MapDocumentPage(this IEndpointRouteBuilder endpoints, DashboardContext dashboard)
    {
        dashboard.Viewers(endpoints).MapGet("/documents/{key}", async (HttpContext c, string key) =>
        {
            var state = dashboard.State;
            if (await state.Documents.GetAsync(key, c.RequestAborted).ConfigureAwait(false) is not { } entry)
            {
                return Results.NotFound($"There is no document with key '{key}' in the ledger.");
            }

            var changes = await state.Dashboard.DocumentHistoryAsync(key, c.RequestAborted).ConfigureAwait(false);
            var audit = await state.Dashboard.AuditOfAsync([entry.FileName, $"document:{key}"], 200, c.RequestAborted).ConfigureAwait(false);
            return DashboardContext.Page<DocumentPage>(new DocumentModel(dashboard.Navigation(c), entry, DocumentModel.History(entry, changes, audit)));
        });
        return endpoints;
    }

    public static IEndpointRouteBuilder MapTaskPage(this IEndpointRouteBuilder endpoints, DashboardContext dashboard)
    {
        dashboard.Viewers(endpoints).MapGet("/tasks/{id:long}", async (HttpContext c, long id) =>
        {
            var state = dashboard.State;
            if (await state.Dashboard.TaskAsync(id, c.RequestAborted).ConfigureAwait(false) is not { } task)
            {
                return Results.NotFound($"There is no task {id}.");
            }

            var instructions = await state.Dashboard.InstructionsOfAsync(null, id, 100, c.RequestAborted).ConfigureAwait(false);
            var audit = await state.Dashboard.AuditOfAsync([$"task:{id}"], 200, c.RequestAborted).ConfigureAwait(false);
            var open = instructions.FirstOrDefault(i => i.ResolvedAt is null);
            return DashboardContext.Page<TaskPage>(new TaskModel(dashboard.Navigation(c), task, TaskModel.History(task, instructions, audit), open));
        });
        return endpoints;
    }
}

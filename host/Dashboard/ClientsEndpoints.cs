using ConnectorHost.Abstractions.State;
using ConnectorHost.Dashboard.Pages;
using ConnectorHost.State;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace ConnectorHost.Dashboard;

/// <summary>The client monitor (<c>/clients</c>) and a client's page (<c>/clients/{client}</c>), UI-3.</summary>
internal static class ClientsEndpoints
{
    public static IEndpointRouteBuilder MapClientsPage(this IEndpointRouteBuilder endpoints, DashboardContext dashboard)
    {
        dashboard.Viewers(endpoints).MapGet("/clients", async (HttpContext c, string? show, string? q, string? sort, string? after) =>
        {
            var filter = ClientsModel.Filters.Contains(show) ? show! : "all";
            var order = ClientsModel.Sorts.Contains(sort) ? sort! : "marks";
            var search = string.IsNullOrWhiteSpace(q) ? null : q.Trim();
            var clients = await dashboard.State.Dashboard.ClientsAsync(Connectors.ClientRecords, DateTimeOffset.UtcNow - OverviewEndpoints.FailuresKeptFor, c.RequestAborted).ConfigureAwait(false);
            var (rows, total, next) = ClientsModel.Page(clients, filter, search, order, after);
            return DashboardContext.Page<ClientsPage>(new ClientsModel(dashboard.Navigation(c), filter, search, order, rows, total, next, after));
        });
        return endpoints;
    }

    public static IEndpointRouteBuilder MapClientPage(this IEndpointRouteBuilder endpoints, DashboardContext dashboard)
    {
        dashboard.Viewers(endpoints).MapGet("/clients/{client}", async (HttpContext c, string client) =>
        {
            var queries = dashboard.State.Dashboard;
            var documents = await queries.DocumentsAsync(new DocumentListQuery { Client = client, Limit = 20 }, c.RequestAborted).ConfigureAwait(false);
            var tasks = await queries.TasksAsync(new TaskListQuery { Dossier = client, Limit = 20 }, c.RequestAborted).ConfigureAwait(false);
            var instructions = await queries.InstructionsOfAsync(client, null, 50, c.RequestAborted).ConfigureAwait(false);
            var records = new List<StoredRecord>();
            foreach (var source in Connectors.ClientRecords)
            {
                if (await queries.RecordAsync(source.Collection, client, c.RequestAborted).ConfigureAwait(false) is { } record)
                {
                    records.Add(record);
                }
            }

            var audit = await queries.AuditOfAsync([$"dossier:{client}", $"relation:{client}", $"client:{client}"], 50, c.RequestAborted).ConfigureAwait(false);
            if (documents.Totals.Count == 0 && tasks.Totals.Count == 0 && instructions.Count == 0 && records.Count == 0)
            {
                return Results.NotFound($"No document, task, instruction or record names client '{client}'.");
            }

            var name = records.Select(r => NameOf(r)).FirstOrDefault(n => !string.IsNullOrWhiteSpace(n));
            return DashboardContext.Page<ClientPage>(new ClientModel(dashboard.Navigation(c), client, name, documents, tasks, instructions, records, audit));
        });
        return endpoints;
    }

    /// <summary>The client's name in a record's data, where <see cref="Connectors.ClientRecords"/> says it is.</summary>
    private static string? NameOf(StoredRecord record)
    {
        var path = Connectors.ClientRecords.First(s => s.Collection == record.Collection).NamePath;
        try
        {
            var node = System.Text.Json.Nodes.JsonNode.Parse(record.Data);
            foreach (var part in path)
            {
                node = node?[part];
            }

            return node?.GetValueKind() == System.Text.Json.JsonValueKind.String ? node.GetValue<string>() : null;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }
}

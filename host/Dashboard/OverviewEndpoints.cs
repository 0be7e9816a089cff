using ConnectorHost.Abstractions.State;
using ConnectorHost.Dashboard.Pages;
using ConnectorHost.Pipelines;
using ConnectorHost.State;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace ConnectorHost.Dashboard;

/// <summary>The overview (<c>/</c>, UI-1): what needs a person, a tile per connector, the pipelines; and its Run now button.</summary>
internal static class OverviewEndpoints
{
    /// <summary>Documents that failed longer ago than this no longer count as needing a person.</summary>
    public static readonly TimeSpan FailuresKeptFor = TimeSpan.FromDays(30);

    public static IEndpointRouteBuilder MapOverviewPage(this IEndpointRouteBuilder endpoints, DashboardContext dashboard)
    {
        dashboard.Viewers(endpoints).MapGet("/", async (HttpContext c, bool? live) =>
        {
            var now = DateTimeOffset.UtcNow;
            var state = dashboard.State;
            var (today, week) = Connectors.Periods(now, PageText.Zone);
            var instructions = await state.Instructions.ListAsync(openOnly: true, c.RequestAborted).ConfigureAwait(false);
            var failures = await state.Dashboard.AttentionAsync(now - FailuresKeptFor, c.RequestAborted).ConfigureAwait(false);
            var caseWare = await state.Dashboard.RecordsByStatusAsync(Connectors.CaseWareClients, c.RequestAborted).ConfigureAwait(false);
            var certipost = await state.Dashboard.RecordsByStatusAsync(Connectors.CertipostRelations, c.RequestAborted).ConfigureAwait(false);
            var documentChanges = await state.Dashboard.DocumentChangesByHourAsync(week, c.RequestAborted).ConfigureAwait(false);
            var taskChanges = await state.Dashboard.TaskChangesByHourAsync(week, c.RequestAborted).ConfigureAwait(false);
            var documents = await state.Documents.CountByStatusAsync(c.RequestAborted).ConfigureAwait(false);
            var leases = (await state.Leases.ListAsync(c.RequestAborted).ConfigureAwait(false)).ToDictionary(l => l.Pipeline);

            var configuration = dashboard.Running.Current;
            var attention = Shortened(Attention(dashboard, instructions, failures, caseWare, certipost).OrderBy(a => a.Since ?? now).ToList());
            long Count(IReadOnlyList<HourCount> counts, DateTimeOffset from, params string[] statuses) =>
                counts.Where(h => h.Hour >= from.AddMinutes(-from.Minute) && statuses.Contains(h.Status, StringComparer.Ordinal)).Sum(h => h.Count);
            var tiles = new List<ConnectorTile>
            {
                new("ClientOnline", "/documents", [
                    new("submitted for accordering", Count(documentChanges, today, "Pending"), Count(documentChanges, week, "Pending"), null, "/documents?status=pending"),
                    new("Goedgekeurd", Count(documentChanges, today, "Approved"), Count(documentChanges, week, "Approved"), null, "/documents?status=approved"),
                    new("Afgekeurd", Count(documentChanges, today, "Rejected"), Count(documentChanges, week, "Rejected"), null, "/documents?status=rejected"),
                    new("Niet gevonden", Count(documentChanges, today, "ClientNotFound"), Count(documentChanges, week, "ClientNotFound"), null, "/documents?status=not found"),
                    new("failed or refused", Count(documentChanges, today, "FinallyFailed", "Refused"), Count(documentChanges, week, "FinallyFailed", "Refused"), null, "/documents?status=error"),
                    new("pending at the portal", null, null, documents.GetValueOrDefault(LedgerStatus.Pending), "/documents?status=pending"),
                ]),
                new("Accounting tasks", "/tasks", [
                    new("tasks: done", Count(taskChanges, today, "Done"), Count(taskChanges, week, "Done"), null, "/tasks?status=Done"),
                    new("tasks: failed", Count(taskChanges, today, "Failed"), Count(taskChanges, week, "Failed"), null, "/tasks?status=Failed"),
                    new("tasks: open instructions", null, null, instructions.LongCount(i => i.TaskId is not null), "/monitoring"),
                ]),
                new("CaseWare Cloud", PipelineLink(configuration, "casewarecloud.sync"), [
                    new("clients sent", null, null, caseWare.GetValueOrDefault("sent")),
                    new("clients not sent", null, null, caseWare.GetValueOrDefault("not-sent")),
                    new("clients rejected", null, null, caseWare.GetValueOrDefault("rejected")),
                ], LastRun(dashboard, "casewarecloud.sync")),
                new("Certipost", PipelineLink(configuration, "certipost.enrol"), [
                    new("ready or incomplete (Toegelaten)", null, null, certipost.GetValueOrDefault("Admitted")),
                    new("passed on, not confirmed", null, null, certipost.GetValueOrDefault("Submitted")),
                    new("enrolled (bevestigd)", null, null, certipost.GetValueOrDefault("Confirmed")),
                    new("Niet toegelaten", null, null, certipost.GetValueOrDefault("NotAdmitted")),
                ], LastRun(dashboard, "certipost.enrol")),
            };
            return DashboardContext.Page<OverviewPage>(new OverviewModel(dashboard.Navigation(c, live == true), dashboard.Running, dashboard.Plugins, dashboard.Board.All)
            {
                Attention = attention,
                Tiles = tiles,
                Leases = leases,
                ThisHost = LeaseHolder.Id,
                Now = now,
            });
        });

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

    /// <summary>The oldest instructions one by one (at most <see cref="InstructionsShown"/>), the newer ones as one row to the monitoring page; everything else as it is.</summary>
    private static List<AttentionItem> Shortened(List<AttentionItem> items)
    {
        var instructions = items.Where(i => i.What.StartsWith("Instruction", StringComparison.Ordinal)).ToList();
        if (instructions.Count <= InstructionsShown)
        {
            return items;
        }

        var rest = instructions.Skip(InstructionsShown).ToList();
        var shown = items.Except(rest).ToList();
        shown.Add(new AttentionItem(rest.Any(r => r.Mark == "red") ? "red" : "orange", "{0} newer open instructions", [rest.Count], null, rest.Min(r => r.Since),
            "Carry them out or pass them to support, oldest first, on the monitoring page", "/monitoring"));
        return [.. shown.OrderBy(a => a.Since ?? DateTimeOffset.MaxValue)];
    }

    private const int InstructionsShown = 15;

    private static IEnumerable<AttentionItem> Attention(
        DashboardContext dashboard,
        IReadOnlyList<StoredInstruction> instructions,
        IReadOnlyList<AttentionCount> failures,
        IReadOnlyDictionary<string, long> caseWare,
        IReadOnlyDictionary<string, long> certipost)
    {
        foreach (var open in instructions)
        {
            var red = open.Instruction.Severity == Abstractions.Sync.InstructionSeverity.Red;
            yield return new AttentionItem(
                red ? "red" : "orange",
                open.TaskId is { } task ? "Instruction {0} for dossier {1} (task {2})" : "Instruction {0} for {1}",
                open.TaskId is { } id ? [open.Id, open.Instruction.Dossier, id] : [open.Id, open.Instruction.Dossier],
                open.Instruction.Text,
                open.CreatedAt,
                red ? "Support must act: fix the cause, then resolve the instruction" : "Carry out the instruction, then resolve it: the dossier's queue resumes",
                open.TaskId is { } taskId ? $"/tasks/{taskId}" : "/monitoring");
        }

        foreach (var failure in failures.Where(f => f.Count > 0))
        {
            yield return failure.Kind switch
            {
                AttentionKind.DocumentsNotPutAway => new AttentionItem("red", "{0} decided documents not put away", [failure.Count], null, failure.Oldest,
                    "Make the outcome folder writable (or free the file); the next run puts them away", "/documents?status=not put away"),
                AttentionKind.DocumentsRefused => new AttentionItem("red", "{0} documents refused by the portal (last 30 days)", [failure.Count], null, failure.Oldest,
                    "Read the reason, correct the document and offer it again", "/documents?status=refused"),
                _ => new AttentionItem("red", "{0} documents definitief mislukt (last 30 days)", [failure.Count], null, failure.Oldest,
                    "Read the last error; when the portal is reachable again put the file back in its source folder", "/documents?status=error"),
            };
        }

        if (caseWare.GetValueOrDefault("rejected") is > 0 and var rejected)
        {
            yield return new AttentionItem("orange", "{0} CaseWare Cloud clients rejected", [rejected], null, null,
                "Read the reason on the CaseWare Cloud page and correct the client in AuditCase", PipelineLink(dashboard.Running.Current, "casewarecloud.sync"));
        }

        if (certipost.GetValueOrDefault("Admitted") is > 0 and var admitted)
        {
            yield return new AttentionItem("orange", "{0} Certipost relations admitted, not enrolled", [admitted], null, null,
                "Complete the missing fields the Certipost page lists, then Send", PipelineLink(dashboard.Running.Current, "certipost.enrol"));
        }

        foreach (var (name, status) in dashboard.Board.All)
        {
            if (status.LastRun is { Outcome: RunOutcome.Failed or RunOutcome.PartlyFailed } last)
            {
                yield return new AttentionItem(last.Outcome == RunOutcome.Failed ? "red" : "orange", "Pipeline {0}: last run {1}", [name, last.Outcome], last.Summary, last.StartedAt,
                    "Read the summary and the log; the pipeline tries again at its next run", "/#pipelines");
            }
        }

        foreach (var failure in dashboard.Plugins.Failures)
        {
            yield return new AttentionItem("red", "Plugin not loaded: {0}", [Path.GetFileName(failure.Path)], failure.Reason, null,
                "Install a plugin built for this host's version, then restart or replace the folder", "/#plugins");
        }
    }

    private static string PipelineLink(Configuration.HostConfiguration configuration, string type) =>
        Connectors.PipelinesOf(configuration, type) is [var first, ..] ? $"/pipelines/{PageText.Segment(first)}" : "/";

    private static string? LastRun(DashboardContext dashboard, string type) =>
        Connectors.PipelinesOf(dashboard.Running.Current, type) is [var first, ..] && dashboard.Board.All.GetValueOrDefault(first)?.LastRun is { } last
            ? $"{first}: {last.Outcome} {PageText.Time(last.StartedAt)} — {last.Summary}"
            : null;
}

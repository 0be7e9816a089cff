using System.Globalization;
using System.Text;
using ConnectorHost.Abstractions.State;
using ConnectorHost.Configuration;
using ConnectorHost.Pipelines;
using ConnectorHost.Plugins;
using static ConnectorHost.Dashboard.Html;

namespace ConnectorHost.Dashboard;

/// <summary>The dashboard's pages, rendered on the server from the host's own state.</summary>
internal sealed class DashboardPages(RunningConfiguration running, PluginLoadReport plugins, PipelineStatusBoard board, IStateStore state)
{
    public string Overview(Navigation navigation)
    {
        var antiforgery = navigation.Antiforgery;
        var configuration = running.Current;
        var body = new StringBuilder(LiveSwitch("/", string.Empty, navigation.Live));
        AppendConfigurationStatus(body);
        body.Append("<h2>Pipelines</h2><table id=\"pipelines\"><tr><th>Pipeline</th><th>Schedule</th><th>Last run</th><th>Duration</th><th>Summary</th><th>Next run</th><th></th></tr>");
        foreach (var pipeline in configuration.Pipelines)
        {
            board.All.TryGetValue(pipeline.Name, out var status);
            var last = status?.LastRun;
            body.Append(CultureInfo.InvariantCulture, $"<tr data-pipeline=\"{E(pipeline.Name)}\"><td>{E(pipeline.Name)}</td><td>{E(pipeline.Schedule)}</td>")
                .Append(CultureInfo.InvariantCulture, $"<td class=\"{E(last?.Outcome)}\">{RunState(status, last)}</td>")
                .Append(CultureInfo.InvariantCulture, $"<td>{(last is null ? string.Empty : E($"{last.Duration.TotalSeconds:0.0}s"))}</td><td>{E(last?.Summary)}</td>")
                .Append(CultureInfo.InvariantCulture, $"<td>{E(status?.NextRun?.ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture))}</td>")
                .Append(CultureInfo.InvariantCulture, $"<td><form method=\"post\" action=\"/pipelines/{Uri.EscapeDataString(pipeline.Name)}/run\">{antiforgery}<button>Run now</button></form></td></tr>");
        }

        body.Append("</table>");
        foreach (var (name, reason) in configuration.SkippedPipelines)
        {
            body.Append(CultureInfo.InvariantCulture, $"<p class=\"red\">Pipeline {E(name)} is not running: {E(reason)}</p>");
        }

        body.Append("<h2>Plugins</h2><ul id=\"plugins\">");
        foreach (var plugin in plugins.Plugins)
        {
            body.Append(CultureInfo.InvariantCulture, $"<li>{E(plugin.Manifest.ToString())}: {E(string.Join(", ", plugin.Factories.Select(f => f.TypeName)))}</li>");
        }

        foreach (var failure in plugins.Failures)
        {
            body.Append(CultureInfo.InvariantCulture, $"<li class=\"red\">Not loaded: {E(failure.Path)}: {E(failure.Reason)}</li>");
        }

        body.Append("</ul>");
        if (plugins.Reloads.Count > 0)
        {
            body.Append("<h3>Plugin reloads</h3><ul id=\"plugin-reloads\">");
            foreach (var reload in plugins.Reloads.Reverse())
            {
                body.Append(CultureInfo.InvariantCulture, $"<li class=\"{(reload.Succeeded ? "green" : "red")}\">{E(reload.At.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture))} {E(Path.GetFileName(reload.Folder))}: {E(reload.Message)}</li>");
            }

            body.Append("</ul>");
        }

        return Page("Overview", body.ToString(), navigation);
    }

    /// <summary>An edit of the YAML that was refused (its errors, as validate prints them) and host settings waiting for a restart.</summary>
    private void AppendConfigurationStatus(StringBuilder body)
    {
        if (running.RefusedErrors.Count > 0)
        {
            body.Append(CultureInfo.InvariantCulture, $"<div id=\"config-errors\" class=\"red\"><h2>The edited configuration is not applied</h2><p>{E(Path.GetFileName(running.Startup.File))} was edited at {E(running.RefusedAt?.ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture))} with {running.RefusedErrors.Count} error(s). The pipelines below run on the last valid configuration until a valid edit is saved.</p><ul>");
            foreach (var error in running.RefusedErrors)
            {
                body.Append(CultureInfo.InvariantCulture, $"<li><code>{E(error.ToString())}</code></li>");
            }

            body.Append("</ul></div>");
        }

        if (running.PendingHostSettings.Count > 0)
        {
            body.Append(CultureInfo.InvariantCulture, $"<p id=\"config-pending\">Edited host settings {E(string.Join(", ", running.PendingHostSettings))}: applies at the next start.</p>");
        }
    }

    public async Task<string> MonitoringAsync(string? dossier, bool all, Navigation navigation, CancellationToken cancellationToken)
    {
        var antiforgery = navigation.Antiforgery;
        var query = all ? new TaskQuery(Dossier: dossier) : TaskQuery.Monitoring(dossier: dossier);
        var tasks = await state.Tasks.ListAsync(query, cancellationToken).ConfigureAwait(false);
        var instructions = (await state.Instructions.ListAsync(openOnly: false, cancellationToken).ConfigureAwait(false)).ToDictionary(i => i.Id);
        var body = new StringBuilder();
        body.Append(CultureInfo.InvariantCulture, $"<form method=\"get\" action=\"/monitoring\">Dossier <input name=\"dossier\" value=\"{E(dossier)}\"> <label><input type=\"checkbox\" name=\"all\" value=\"true\"{(all ? " checked" : string.Empty)}> every task</label> <button>Filter</button></form>");
        body.Append(CultureInfo.InvariantCulture, $"<p>{(all ? "Every task" : "Failed tasks and tasks with an instruction")}{(dossier is null ? " of all dossiers" : $" of dossier {E(dossier)}")}.</p>");
        body.Append("<table id=\"tasks\"><tr><th>Status</th><th>Dossier</th><th>Task</th><th>Delivered</th><th>Tries</th><th>Instruction</th><th></th></tr>");
        foreach (var task in tasks)
        {
            var instruction = task.InstructionId is { } id && instructions.TryGetValue(id, out var found) ? found : null;
            var mark = instruction is { ResolvedAt: null } ? instruction.Instruction.Severity.ToString().ToLowerInvariant() : string.Empty;
            body.Append(CultureInfo.InvariantCulture, $"<tr class=\"{mark}\" data-task=\"{task.Id}\"><td>{E(task.Status)}</td><td><a href=\"/monitoring?dossier={Uri.EscapeDataString(task.Dossier)}\">{E(task.Dossier)}</a></td>")
                .Append(CultureInfo.InvariantCulture, $"<td>#{task.Id} {E(task.Kind)}</td><td>{E(task.DeliveredAt.ToLocalTime().ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture))}</td><td>{task.Attempts}</td>")
                .Append(CultureInfo.InvariantCulture, $"<td>{(instruction is null ? E(task.LastError) : $"{E(instruction.Instruction.Severity)}: {E(instruction.Instruction.Text)}{(instruction.ResolvedAt is null ? string.Empty : " (resolved)")}")}</td><td>");
            if (instruction is { ResolvedAt: null })
            {
                body.Append(CultureInfo.InvariantCulture, $"<form method=\"post\" action=\"/instructions/{instruction.Id}/resolve\">{antiforgery}<button>Resolve</button></form> ");
            }

            if (task.Status is QueuedTaskStatus.Failed or QueuedTaskStatus.Waiting)
            {
                body.Append(CultureInfo.InvariantCulture, $"<form method=\"post\" action=\"/tasks/{task.Id}/restart\">{antiforgery}<input name=\"payload\" value=\"{E(task.Payload)}\" size=\"24\"><button>Restart</button></form> ")
                    .Append(CultureInfo.InvariantCulture, $"<form method=\"post\" action=\"/tasks/{task.Id}/cancel\">{antiforgery}<button>Cancel</button></form>");
            }

            body.Append("</td></tr>");
        }

        body.Append("</table>");
        AppendPipelineInstructions(body, instructions.Values, antiforgery);
        return Page("Monitoring", body.ToString(), navigation);
    }

    /// <summary>H-8: the open instructions of pipelines whose run needs a person (no queue task), each resolvable.</summary>
    private static void AppendPipelineInstructions(StringBuilder body, IEnumerable<StoredInstruction> instructions, string antiforgery)
    {
        body.Append("<h2>Pipelines that need a person</h2><table id=\"pipeline-instructions\"><tr><th>Severity</th><th>Subject</th><th>Since</th><th>Instruction</th><th></th></tr>");
        foreach (var open in instructions.Where(i => i.TaskId is null && i.ResolvedAt is null).OrderBy(i => i.CreatedAt))
        {
            body.Append(CultureInfo.InvariantCulture, $"<tr class=\"{open.Instruction.Severity.ToString().ToLowerInvariant()}\" data-instruction=\"{open.Id}\"><td>{E(open.Instruction.Severity)}</td><td>{E(open.Instruction.Dossier)}</td>")
                .Append(CultureInfo.InvariantCulture, $"<td>{E(open.CreatedAt.ToLocalTime().ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture))}</td><td>#{open.Id} {E(open.Instruction.Text)} ({E(open.Instruction.Cause)})</td>")
                .Append(CultureInfo.InvariantCulture, $"<td><form method=\"post\" action=\"/instructions/{open.Id}/resolve\">{antiforgery}<button>Resolve</button></form></td></tr>");
        }

        body.Append("</table>");
    }

    /// <summary>The "last run" cell: running here, running on another host (H-5), or the last outcome.</summary>
    private static string RunState(PipelineStatus? status, PipelineRunResult? last) =>
        status?.Running == true ? "running"
        : status?.RunningElsewhere is { } holder ? E($"running on {holder}")
        : E(last?.Outcome.ToString() ?? "not yet");
}

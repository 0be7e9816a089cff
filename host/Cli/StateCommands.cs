using System.CommandLine;
using System.Globalization;
using ConnectorHost.Abstractions.State;
using ConnectorHost.Configuration;
using ConnectorHost.Logging;
using ConnectorHost.State;
using ConnectorHost.State.Postgres;
using ConnectorHost.State.Sqlite;

namespace ConnectorHost.Cli;

/// <summary>
/// The commands on the state store that a person uses to follow and fix dossier tasks (AT-9, AT-10): <c>tasks</c>,
/// <c>dossiers</c>, <c>instructions</c>, <c>resolve</c>, <c>restart</c>, <c>cancel</c>. They work on the store the
/// configuration names, also while the host runs (SQLite allows it), and every change goes into the audit log.
/// </summary>
internal static class StateCommands
{
    public static IEnumerable<Command> Build(Option<string> configOption, TextWriter output, TextWriter error)
    {
        var byOption = new Option<string>("--by") { Description = "Who does this, for the audit log. Default: the logged-in user.", DefaultValueFactory = _ => Environment.UserName };

        var dossier = new Option<string?>("--dossier", "-d") { Description = "Only this dossier." };
        var all = new Option<bool>("--all", "-a") { Description = "Every task, not only the failed ones and those with an instruction." };
        var tasks = new Command("tasks", "List dossier tasks: by default the failed ones and those with an instruction (the monitoring view), newest first; status on the left, instruction on the right.");
        tasks.Options.Add(dossier);
        tasks.Options.Add(all);
        tasks.SetAction((r, ct) => WithStoreAsync(r.GetValue(configOption)!, error, store => ListTasksAsync(store, r.GetValue(dossier), r.GetValue(all), output, ct)));
        yield return tasks;

        var dossiers = new Command("dossiers", "List every dossier with tasks: blocked or not, counts per status, open instructions and the worst mark (orange/red).");
        dossiers.SetAction((r, ct) => WithStoreAsync(r.GetValue(configOption)!, error, store => ListDossiersAsync(store, output, ct)));
        yield return dossiers;

        var allInstructions = new Option<bool>("--all", "-a") { Description = "Resolved instructions too." };
        var instructions = new Command("instructions", "List the accountant instructions: by default the open ones, oldest first.");
        instructions.Options.Add(allInstructions);
        instructions.SetAction((r, ct) => WithStoreAsync(r.GetValue(configOption)!, error, store => ListInstructionsAsync(store, !r.GetValue(allInstructions), output, ct)));
        yield return instructions;

        var instructionId = new Argument<long>("instruction") { Description = "The instruction's id (see 'instructions')." };
        var resolve = new Command("resolve", "Mark an instruction done: its task waits again and its dossier's queue resumes in order.");
        resolve.Arguments.Add(instructionId);
        resolve.Options.Add(byOption);
        resolve.SetAction((r, ct) => WithStoreAsync(r.GetValue(configOption)!, error, async store =>
            Report(await store.Instructions.ResolveAsync(r.GetValue(instructionId), r.GetValue(byOption)!, ct).ConfigureAwait(false), $"Instruction {r.GetValue(instructionId)} resolved; its dossier's tasks resume in order.", $"There is no open instruction {r.GetValue(instructionId)}; see 'instructions'.", output, error)));
        yield return resolve;

        var taskId = new Argument<long>("task") { Description = "The task's id (see 'tasks')." };
        var payload = new Option<string?>("--payload") { Description = "The corrected payload (JSON), for example with the right dossier code of an activation." };
        var restart = new Command("restart", "Restart a failed task, optionally with a corrected payload: its instruction is resolved and its dossier unblocked.");
        restart.Arguments.Add(taskId);
        restart.Options.Add(payload);
        restart.Options.Add(byOption);
        restart.SetAction((r, ct) => WithStoreAsync(r.GetValue(configOption)!, error, async store =>
            Report(await store.Tasks.RestartAsync(r.GetValue(taskId), r.GetValue(payload), r.GetValue(byOption)!, ct).ConfigureAwait(false), $"Task {r.GetValue(taskId)} waits again and runs first in its dossier.", $"Task {r.GetValue(taskId)} cannot be restarted: it does not exist, or it is running, done or cancelled.", output, error)));
        yield return restart;

        var cancelId = new Argument<long>("task") { Description = "The task's id (see 'tasks')." };
        var cancel = new Command("cancel", "Cancel a waiting or failed task (for example an activation that should not happen); its dossier's queue goes on.");
        cancel.Arguments.Add(cancelId);
        cancel.Options.Add(byOption);
        cancel.SetAction((r, ct) => WithStoreAsync(r.GetValue(configOption)!, error, async store =>
            Report(await store.Tasks.CancelAsync(r.GetValue(cancelId), r.GetValue(byOption)!, ct).ConfigureAwait(false), $"Task {r.GetValue(cancelId)} cancelled.", $"Task {r.GetValue(cancelId)} cannot be cancelled: it does not exist, or it is running, done or cancelled.", output, error)));
        yield return cancel;
    }

    private static int Report(bool done, string success, string failure, TextWriter output, TextWriter error)
    {
        (done ? output : error).WriteLine(done ? success : failure);
        return done ? ExitCodes.Ok : ExitCodes.RuntimeFailure;
    }

    private static async Task<int> WithStoreAsync(string file, TextWriter error, Func<IHostStateStore, Task<int>> work)
    {
        var parsed = ConfigurationLoader.Parse(file);
        if (parsed.Errors.Count > 0)
        {
            return CommandLine.Report(new ConfigurationException(parsed.Errors), error);
        }

        if (parsed.Host.State.Provider == StateProvider.PostgreSql)
        {
            await using var shared = new PostgresStateStore(parsed.Host.State.ConnectionString!);
            await shared.MigrateAsync(CancellationToken.None).ConfigureAwait(false);
            return await work(shared).ConfigureAwait(false);
        }

        var configFolder = Path.GetDirectoryName(parsed.File)!;
        var path = Path.GetFullPath(Path.Combine(configFolder, parsed.Host.DataFolder, parsed.Host.State.Path));
        if (!File.Exists(path))
        {
            await error.WriteLineAsync($"There is no state store at {path} yet; start the host once to create it.").ConfigureAwait(false);
            return ExitCodes.RuntimeFailure;
        }

        var store = new SqliteStateStore(path, TimeProvider.System);
        await store.MigrateAsync(CancellationToken.None).ConfigureAwait(false);
        return await work(store).ConfigureAwait(false);
    }

    private static async Task<int> ListTasksAsync(IStateStore store, string? dossier, bool all, TextWriter output, CancellationToken cancellationToken)
    {
        var query = all ? new TaskQuery(Dossier: dossier) : TaskQuery.Monitoring(dossier: dossier);
        var tasks = await store.Tasks.ListAsync(query, cancellationToken).ConfigureAwait(false);
        var instructions = (await store.Instructions.ListAsync(openOnly: false, cancellationToken).ConfigureAwait(false)).ToDictionary(i => i.Id);
        await output.WriteLineAsync($"{"ID",6}  {"DOSSIER",-12} {"KIND",-26} {"STATUS",-9} {"TRIES",5}  {"DELIVERED",-16}  INSTRUCTION").ConfigureAwait(false);
        foreach (var task in tasks)
        {
            var instruction = task.InstructionId is { } id && instructions.TryGetValue(id, out var found)
                ? $"#{found.Id} {found.Instruction.Severity.ToString().ToUpperInvariant()}{(found.ResolvedAt is null ? string.Empty : " (resolved)")}: {found.Instruction.Text}"
                : task.LastError ?? string.Empty;
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{task.Id,6}  {ControlCharacters.Escape(task.Dossier),-12} {ControlCharacters.Escape(task.Kind),-26} {task.Status,-9} {task.Attempts,5}  {task.DeliveredAt.ToLocalTime():yyyy-MM-dd HH:mm}  {ControlCharacters.Escape(instruction)}")).ConfigureAwait(false);
        }

        await output.WriteLineAsync($"{tasks.Count} task(s){(all ? string.Empty : " failed or with an instruction; --all for every task")}.").ConfigureAwait(false);
        return ExitCodes.Ok;
    }

    private static async Task<int> ListDossiersAsync(IStateStore store, TextWriter output, CancellationToken cancellationToken)
    {
        var dossiers = await store.Tasks.ListDossiersAsync(null, cancellationToken).ConfigureAwait(false);
        await output.WriteLineAsync($"{"QUEUE",-20} {"DOSSIER",-12} {"STATE",-8} {"WAITING",7} {"RUNNING",7} {"FAILED",6} {"DONE",6} {"OPEN INSTR.",11}  MARK").ConfigureAwait(false);
        foreach (var d in dossiers)
        {
            await output.WriteLineAsync($"{ControlCharacters.Escape(d.Queue),-20} {ControlCharacters.Escape(d.Dossier),-12} {(d.Blocked ? "blocked" : "ok"),-8} {d.Waiting,7} {d.Running,7} {d.Failed,6} {d.Done,6} {d.OpenInstructions,11}  {d.WorstOpenSeverity?.ToString().ToLowerInvariant()}").ConfigureAwait(false);
        }

        return ExitCodes.Ok;
    }

    private static async Task<int> ListInstructionsAsync(IStateStore store, bool openOnly, TextWriter output, CancellationToken cancellationToken)
    {
        var instructions = await store.Instructions.ListAsync(openOnly, cancellationToken).ConfigureAwait(false);
        foreach (var i in instructions)
        {
            var state = i.ResolvedAt is null ? "open" : $"resolved {i.ResolvedAt.Value.ToLocalTime():yyyy-MM-dd HH:mm} by {i.ResolvedBy}";
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"#{i.Id} {i.Instruction.Severity.ToString().ToUpperInvariant()} dossier {ControlCharacters.Escape(i.Instruction.Dossier)} (task {i.TaskId}, {i.CreatedAt.ToLocalTime():yyyy-MM-dd HH:mm}, {state}): {ControlCharacters.Escape(i.Instruction.Text)}")).ConfigureAwait(false);
        }

        await output.WriteLineAsync($"{instructions.Count} {(openOnly ? "open " : string.Empty)}instruction(s).").ConfigureAwait(false);
        return ExitCodes.Ok;
    }
}

using ConnectorHost.Abstractions.Commands;
using ConnectorHost.Abstractions.State;
using ConnectorHost.Pipelines;
using Microsoft.Extensions.Logging;

namespace ConnectorHost.Commands;

/// <summary>
/// Runs the admin commands that components offer (<see cref="IAdminCommands"/>), for the command line and the
/// dashboard alike: finds the command by name, checks its arguments, runs its <see cref="AdminCommand.Handler"/> (or,
/// for a component built against 1.1 whose commands carry none, the component's <see cref="IAdminCommands.RunAsync"/>),
/// keeps a state-changing command from overlapping the pipeline's run, and writes it to the audit log with who ran it
/// and what came of it.
/// </summary>
internal sealed partial class AdminCommandRunner(
    Func<IReadOnlyDictionary<string, IReadOnlyList<IAdminCommands>>> catalog,
    IPipelineGate gate,
    IAuditLog audit,
    ILogger<AdminCommandRunner> logger)
{
    /// <summary>The pipelines whose components offer commands, with those commands, by pipeline name.</summary>
    /// <returns>The commands per pipeline, pipelines in name order.</returns>
    public IReadOnlyList<(string Pipeline, IReadOnlyList<AdminCommand> Commands)> List() =>
        [.. catalog()
            .Select(p => (p.Key, (IReadOnlyList<AdminCommand>)[.. p.Value.SelectMany(c => c.Commands)]))
            .Where(p => p.Item2.Count > 0)
            .OrderBy(p => p.Key, StringComparer.Ordinal)];

    /// <summary>The commands of one pipeline; empty when it offers none or is unknown.</summary>
    /// <param name="pipeline">The pipeline's name.</param>
    /// <returns>Its commands.</returns>
    public IReadOnlyList<AdminCommand> CommandsOf(string pipeline) =>
        catalog().TryGetValue(pipeline, out var components) ? [.. components.SelectMany(c => c.Commands)] : [];

    /// <summary>Runs one command. Faults become a failed result with the reason; they are logged, never thrown.</summary>
    /// <param name="pipeline">The pipeline whose component offers the command.</param>
    /// <param name="command">The command's name.</param>
    /// <param name="arguments">Its arguments by name.</param>
    /// <param name="actor">Who runs it, for the audit log.</param>
    /// <param name="cancellationToken">Stops the command.</param>
    /// <returns>What the command did or found, or why it did not run.</returns>
    public async Task<AdminCommandResult> RunAsync(
        string pipeline, string command, IReadOnlyDictionary<string, string> arguments, string actor, CancellationToken cancellationToken)
    {
        if (!catalog().TryGetValue(pipeline, out var components) || components.Count == 0)
        {
            var known = List().Select(p => p.Pipeline).ToList();
            return AdminCommandResult.Failure(
                $"Pipeline '{pipeline}' offers no commands. {(known.Count == 0 ? "No pipeline offers commands." : $"Pipelines with commands: {string.Join(", ", known)}.")}");
        }

        var match = components
            .SelectMany(c => c.Commands.Select(d => (Component: c, Definition: d)))
            .FirstOrDefault(c => string.Equals(c.Definition.Name, command, StringComparison.OrdinalIgnoreCase));
        if (match.Component is null)
        {
            return AdminCommandResult.Failure(
                $"Pipeline '{pipeline}' has no command '{command}'. Its commands: {string.Join(", ", components.SelectMany(c => c.Commands).Select(c => c.Name))}.");
        }

        if (CheckArguments(match.Definition, arguments) is { } refused)
        {
            return AdminCommandResult.Failure(refused);
        }

        var request = new AdminCommandRequest(match.Definition.Name, arguments, actor);
        AdminCommandHandler handler = match.Definition.Handler ?? match.Component.RunAsync;
        AdminCommandResult result;
        try
        {
            result = match.Definition.ChangesState
                ? await gate.ExclusiveAsync(pipeline, token => handler(request, token), cancellationToken).ConfigureAwait(false)
                : await handler(request, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // a command's fault is reported to whoever ran it, with the reason, and logged
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogFaulted(ex, match.Definition.Name, pipeline, actor, ex.Message);
            result = AdminCommandResult.Failure($"The command '{match.Definition.Name}' of pipeline '{pipeline}' failed: {ex.Message}. The host log has the details.");
        }

        if (match.Definition.ChangesState)
        {
            var details = string.Join(", ", arguments.Select(a => $"{a.Key}={a.Value}"));
            await audit.WriteAsync(
                new AuditEntry(actor, $"command:{match.Definition.Name}", $"pipeline:{pipeline}", $"{(result.Succeeded ? "done" : "failed")}: {result.Summary}{(details.Length == 0 ? string.Empty : $" ({details})")}"),
                CancellationToken.None).ConfigureAwait(false);
            LogRan(match.Definition.Name, pipeline, actor, result.Succeeded ? "done" : "failed", result.Summary);
        }

        return result;
    }

    private static string? CheckArguments(AdminCommand command, IReadOnlyDictionary<string, string> arguments)
    {
        var unknown = arguments.Keys.Where(k => command.Parameters.All(p => !string.Equals(p.Name, k, StringComparison.OrdinalIgnoreCase))).ToList();
        if (unknown.Count > 0)
        {
            return $"The command '{command.Name}' does not take {string.Join(", ", unknown)}. {Describe(command)}";
        }

        var missing = command.Parameters.Where(p => p.Required && (!arguments.TryGetValue(p.Name, out var v) || string.IsNullOrWhiteSpace(v))).ToList();
        return missing.Count == 0
            ? null
            : $"The command '{command.Name}' needs {string.Join(", ", missing.Select(p => $"{p.Name} ({p.Description})"))}. {Describe(command)}";
    }

    private static string Describe(AdminCommand command) => command.Parameters.Count == 0
        ? "It takes no arguments."
        : $"It takes: {string.Join("; ", command.Parameters.Select(p => $"{p.Name}{(p.Required ? " (required)" : string.Empty)}: {p.Description}"))}.";

    [LoggerMessage(Level = LogLevel.Information, Message = "Command {Command} of pipeline {Pipeline}, run by {Actor}: {Outcome}: {Summary}")]
    private partial void LogRan(string command, string pipeline, string actor, string outcome, string summary);

    [LoggerMessage(Level = LogLevel.Error, Message = "Command {Command} of pipeline {Pipeline}, run by {Actor}, failed: {Reason}. Nothing is retried; fix the cause and run it again.")]
    private partial void LogFaulted(Exception exception, string command, string pipeline, string actor, string reason);
}

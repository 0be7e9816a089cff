using System.CommandLine;
using ConnectorHost.Abstractions.Commands;
using ConnectorHost.Commands;
using ConnectorHost.Composition;
using ConnectorHost.Configuration;
using ConnectorHost.Logging;
using ConnectorHost.Pipelines;
using ConnectorHost.Plugins;
using ConnectorHost.State;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ConnectorHost.Cli;

/// <summary>
/// <c>command [pipeline] [command] [--arg name=value]…</c>: the admin commands that plugins offer, such as Certipost's
/// <c>list</c> and <c>send</c>. Without a command it lists what there is. It creates only the components it needs, so it
/// can be used while the host runs; a command that changes state is written to the audit log with <c>--by</c>.
/// </summary>
internal static class AdminCommandCommand
{
    public static Command Build(Option<string> configOption, TextWriter output, TextWriter error)
    {
        var pipeline = new Argument<string?>("pipeline") { Description = "The pipeline whose command to run; leave out to list every pipeline's commands.", Arity = ArgumentArity.ZeroOrOne };
        var name = new Argument<string?>("command") { Description = "The command to run; leave out to list the pipeline's commands and their arguments.", Arity = ArgumentArity.ZeroOrOne };
        var arguments = new Option<string[]>("--arg") { HelpName = "name=value", Description = "An argument of the command as name=value; repeat for more (for example --arg file=export.csv).", AllowMultipleArgumentsPerToken = false };
        var by = new Option<string>("--by") { HelpName = "who", Description = "Who runs it, for the audit log. Default: the logged-in user.", DefaultValueFactory = _ => Environment.UserName };
        var command = new Command(
            "command",
            "Run an admin command a plugin offers on a pipeline, for example 'command certipost list' (the eligible relations, complete and incomplete) or 'command certipost send'. Without arguments: list the pipelines' commands.");
        command.Arguments.Add(pipeline);
        command.Arguments.Add(name);
        command.Options.Add(arguments);
        command.Options.Add(by);
        command.SetAction((r, ct) => ExecuteAsync(
            r.GetValue(configOption)!, r.GetValue(pipeline), r.GetValue(name), r.GetValue(arguments) ?? [], $"cli:{r.GetValue(by)}", output, error, ct));
        return command;
    }

    private static async Task<int> ExecuteAsync(
        string file, string? pipeline, string? commandName, string[] rawArguments, string actor, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        if (ParseArguments(rawArguments, out var arguments) is { } badArgument)
        {
            await error.WriteLineAsync($"error: {badArgument}").ConfigureAwait(false);
            return ExitCodes.BadConfiguration;
        }

        ConfigurationSession session;
        try
        {
            session = ConfigurationSession.Open(file, new McMasterPluginLoader(), lenient: true, secretsOnlyFor: pipeline);
        }
        catch (ConfigurationException ex)
        {
            return CommandLine.Report(ex, error);
        }

        var definitions = session.Configuration.Pipelines;
        if (pipeline is not null && definitions.All(p => p.Name != pipeline))
        {
            await error.WriteLineAsync(session.NoSuchPipeline(pipeline)).ConfigureAwait(false);
            return ExitCodes.BadConfiguration;
        }

        // The tables go to standard output; every log line (the host's and the plugin's) to standard error.
        using var host = HostRuntime.Build(session, new SecretMasker(), logsToStandardError: true);
        var state = host.Services.GetRequiredService<IHostStateStore>();
        await state.MigrateAsync(cancellationToken).ConfigureAwait(false);
        var assembler = host.Services.GetRequiredService<PipelineAssembler>();
        foreach (var definition in definitions.Where(p => pipeline is null ? p.Enabled : p.Name == pipeline))
        {
            try
            {
                assembler.CreateRunner(definition);
            }
#pragma warning disable CA1031 // a pipeline whose components cannot be created is reported with the reason
            catch (Exception ex)
#pragma warning restore CA1031
            {
                if (pipeline is not null)
                {
                    await error.WriteLineAsync($"error: pipeline '{pipeline}' cannot be created: {ex.Message}").ConfigureAwait(false);
                    return ExitCodes.RuntimeFailure;
                }

                await error.WriteLineAsync($"warning: pipeline '{definition.Name}' cannot be created, so its commands are not listed: {ex.Message}").ConfigureAwait(false);
            }
        }

        var runner = new AdminCommandRunner(assembler.AdminCommands, new LeaseGate(host.Services.GetRequiredService<PipelineLeaseKeeper>()), state.Audit, host.Services.GetRequiredService<ILogger<AdminCommandRunner>>());
        if (pipeline is null)
        {
            var all = runner.List();
            await output.WriteLineAsync(all.Count == 0 ? "No pipeline offers commands." : "Commands (run: connectorhost command <pipeline> <command> [--arg name=value]):").ConfigureAwait(false);
            foreach (var (name, commands) in all)
            {
                await WriteCommandsAsync(name, commands, output).ConfigureAwait(false);
            }

            return ExitCodes.Ok;
        }

        if (commandName is null)
        {
            var commands = runner.CommandsOf(pipeline);
            if (commands.Count == 0)
            {
                await error.WriteLineAsync($"error: pipeline '{pipeline}' offers no commands.").ConfigureAwait(false);
                return ExitCodes.BadConfiguration;
            }

            await WriteCommandsAsync(pipeline, commands, output).ConfigureAwait(false);
            return ExitCodes.Ok;
        }

        var result = await runner.RunAsync(pipeline, commandName, arguments, actor, cancellationToken).ConfigureAwait(false);
        await (result.Succeeded ? output : error).WriteAsync(ResultTableText.Render(result)).ConfigureAwait(false);
        return result.Succeeded ? ExitCodes.Ok : ExitCodes.RuntimeFailure;
    }

    private static async Task WriteCommandsAsync(string pipeline, IReadOnlyList<AdminCommand> commands, TextWriter output)
    {
        await output.WriteLineAsync($"{pipeline}:").ConfigureAwait(false);
        foreach (var command in commands)
        {
            await output.WriteLineAsync($"  {command.Name,-16} {command.Description}{(command.ChangesState ? " (changes state; audited)" : string.Empty)}").ConfigureAwait(false);
            foreach (var parameter in command.Parameters)
            {
                await output.WriteLineAsync($"    --arg {parameter.Name}=…{(parameter.Required ? " (required)" : string.Empty)}: {parameter.Description}").ConfigureAwait(false);
            }
        }
    }

    private static string? ParseArguments(string[] raw, out Dictionary<string, string> arguments)
    {
        arguments = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var item in raw)
        {
            var split = item.IndexOf('=', StringComparison.Ordinal);
            if (split <= 0)
            {
                return $"--arg {item}: write it as name=value, for example --arg file=export.csv.";
            }

            var name = item[..split].Trim();
            if (!arguments.TryAdd(name, item[(split + 1)..]))
            {
                return $"--arg {name} is given twice ('{arguments[name]}' and '{item[(split + 1)..]}'): give each argument once.";
            }
        }

        return null;
    }
}

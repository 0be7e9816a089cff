namespace ConnectorHost.Abstractions.Commands;

/// <summary>
/// Optional for any component: the admin commands it offers besides its scheduled work, such as
/// "list the eligible relations" or "send them now". The host shows them on the command line
/// (<c>connectorhost command &lt;pipeline&gt; &lt;command&gt;</c>) and on the dashboard's page of the pipeline,
/// renders the result's tables, and writes every command that changes state to the audit log with who ran it.
/// A command that changes state never runs at the same time as the pipeline's own run.
/// </summary>
public interface IAdminCommands
{
    /// <summary>The commands, in the order the dashboard shows them.</summary>
    IReadOnlyList<AdminCommand> Commands { get; }

    /// <summary>
    /// Runs one command. By default, the <see cref="AdminCommand.Handler"/> of the command of that name; a component
    /// built against 1.1 implements it itself, and the host calls it for a command without a handler.
    /// </summary>
    /// <param name="request">The command's name, its arguments and who runs it.</param>
    /// <param name="cancellationToken">Signals that the caller went away or the host stops.</param>
    /// <returns>What the command did or found. Throw only for faults; a refused request is a failed result.</returns>
    Task<AdminCommandResult> RunAsync(AdminCommandRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var command = Commands.FirstOrDefault(c => string.Equals(c.Name, request.Command, StringComparison.OrdinalIgnoreCase));
        return command?.Handler is { } handler
            ? handler(request, cancellationToken)
            : Task.FromResult(AdminCommandResult.Failure(command is null
                ? $"Unknown command '{request.Command}'. Known: {string.Join(", ", Commands.Select(c => c.Name))}."
                : $"The command '{command.Name}' has no handler: its component declares it without one and does not run it itself. Report this to the plugin's maker."));
    }
}

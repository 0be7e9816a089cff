namespace ConnectorHost.Abstractions.Commands;

/// <summary>Runs one admin command of a component (see <see cref="AdminCommand.Handler"/>).</summary>
/// <param name="request">The command's arguments, already checked by the host, and who runs it.</param>
/// <param name="cancellationToken">Signals that the caller went away or the host stops.</param>
/// <returns>What the command did or found. Throw only for faults; a refused request is a failed result.</returns>
public delegate Task<AdminCommandResult> AdminCommandHandler(AdminCommandRequest request, CancellationToken cancellationToken);

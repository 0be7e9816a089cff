using System.Collections;

namespace ConnectorHost.Abstractions.Commands;

/// <summary>
/// A component's admin commands, each declared once together with its handler. The factory lists the declarations
/// (the collection itself, as <c>IComponentFactory.AdminCommands</c>) before any component exists, for
/// <c>connectorhost plugins</c> and the reference docs; the component offers <see cref="BindTo"/> of itself as its
/// <see cref="IAdminCommands.Commands"/>, so each command carries its handler and the host dispatches by name.
/// </summary>
/// <typeparam name="TComponent">The class whose methods handle the commands.</typeparam>
/// <example>
/// <code>
/// internal static readonly AdminCommandCollection&lt;SignTask&gt; All = new()
/// {
///     { new AdminCommand("list", "Show every signed file."), task => task.ListAsync },
/// };
/// IReadOnlyList&lt;AdminCommand&gt; IAdminCommands.Commands => All.BindTo(this);
/// </code>
/// </example>
public sealed class AdminCommandCollection<TComponent> : IReadOnlyList<AdminCommand>
    where TComponent : class
{
    private readonly List<(AdminCommand Command, Func<TComponent, AdminCommandHandler> Handler)> _commands = [];

    /// <inheritdoc />
    public int Count => _commands.Count;

    /// <inheritdoc />
    public AdminCommand this[int index] => _commands[index].Command;

    /// <summary>Declares a command and what handles it.</summary>
    /// <param name="command">The command as the factory lists it.</param>
    /// <param name="handler">Picks the component's handler: <c>task =&gt; task.ListAsync</c>.</param>
    /// <exception cref="ArgumentException">A command of the same name is already declared.</exception>
    public void Add(AdminCommand command, Func<TComponent, AdminCommandHandler> handler)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(handler);
        if (_commands.Exists(c => string.Equals(c.Command.Name, command.Name, StringComparison.OrdinalIgnoreCase)))
        {
            throw new ArgumentException($"The command '{command.Name}' is declared twice.", nameof(command));
        }

        _commands.Add((command, handler));
    }

    /// <summary>The commands with their handlers bound to one component.</summary>
    /// <param name="component">The component that runs them.</param>
    /// <returns>The commands, in declaration order, each with its <see cref="AdminCommand.Handler"/>.</returns>
    public IReadOnlyList<AdminCommand> BindTo(TComponent component)
    {
        ArgumentNullException.ThrowIfNull(component);
        return [.. _commands.Select(c => c.Command with { Handler = c.Handler(component) })];
    }

    /// <inheritdoc />
    public IEnumerator<AdminCommand> GetEnumerator() => _commands.Select(c => c.Command).GetEnumerator();

    /// <inheritdoc />
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}

namespace ConnectorHost.Abstractions.Commands;

/// <summary>One admin command of a component.</summary>
/// <param name="Name">Lower case, dashes between words, unique within the component: <c>list</c>, <c>send</c>.</param>
/// <param name="Description">One sentence for <c>--help</c> and the dashboard.</param>
public sealed record AdminCommand(string Name, string Description)
{
    /// <summary>
    /// False for a view, which only reads (the dashboard shows its tables on the pipeline's page); true for an action,
    /// which the dashboard shows as a button, the host audits and runs outside the pipeline's own run.
    /// </summary>
    public bool ChangesState { get; init; }

    /// <summary>The arguments the command takes, given as <c>--arg name=value</c> or in the dashboard's form.</summary>
    public IReadOnlyList<AdminCommandParameter> Parameters { get; init; } = [];

    /// <summary>
    /// What runs the command, bound to the component that offers it; the host calls it by the command's name. Null in
    /// the declarations a factory lists before a component exists, and for a component built against 1.1 that runs its
    /// commands in <see cref="IAdminCommands.RunAsync"/>, which the host then calls instead.
    /// </summary>
    public AdminCommandHandler? Handler { get; init; }
}

/// <summary>One argument of an <see cref="AdminCommand"/>.</summary>
/// <param name="Name">Lower case, dashes between words: <c>file</c>, <c>dry-run</c>.</param>
/// <param name="Description">What the value means, with an example.</param>
public sealed record AdminCommandParameter(string Name, string Description)
{
    /// <summary>Whether the host refuses to run the command without it.</summary>
    public bool Required { get; init; }
}

/// <summary>A request to run a command.</summary>
/// <param name="Command">The command's <see cref="AdminCommand.Name"/>.</param>
/// <param name="Arguments">The arguments by name; the host has checked that the required ones are there.</param>
/// <param name="Actor">Who runs it, for the audit log: <c>cli:anna</c>, <c>dashboard:admin@127.0.0.1</c>.</param>
public sealed record AdminCommandRequest(string Command, IReadOnlyDictionary<string, string> Arguments, string Actor)
{
    /// <summary>An argument's value, or null when it was not given or is blank.</summary>
    /// <param name="name">The parameter's name.</param>
    /// <returns>The value, or null.</returns>
    public string? Argument(string name) =>
        Arguments.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value) ? value : null;
}

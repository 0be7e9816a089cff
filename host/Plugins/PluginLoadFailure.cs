namespace ConnectorHost.Plugins;

/// <summary>A plugin, folder or component factory that the host could not load or refused.</summary>
/// <param name="Path">The folder or assembly concerned.</param>
/// <param name="Reason">What happened and what to do about it.</param>
public sealed record PluginLoadFailure(string Path, string Reason)
{
    /// <summary>
    /// The component type names of the refused plugin, when it registered them before it was refused (a type name
    /// against the rules, a clash): a pipeline naming one of them is told this failure (SDK-8). Empty otherwise.
    /// </summary>
    public IReadOnlyList<string> TypeNames { get; init; } = [];
}

using ConnectorHost.Abstractions.Plugins;

namespace ConnectorHost.Plugins;

/// <summary>
/// The component type names taken across all plugin folders: a name belongs to the first plugin that registered it;
/// a later plugin that registers it too is refused as a whole, naming both (SDK-8: never half-loaded). The shape of
/// a name is one of <see cref="PluginRules"/>.
/// </summary>
internal sealed class FactoryCatalog
{
    private readonly Dictionary<string, (string Plugin, string Folder)> _owners = new(StringComparer.Ordinal);

    /// <summary>The type names of a plugin that another plugin already registered, each as a sentence.</summary>
    /// <param name="pluginName">The plugin's name.</param>
    /// <param name="folder">The plugin's folder.</param>
    /// <param name="factories">The factories it registered.</param>
    /// <returns>The clashes; empty when none.</returns>
    public IReadOnlyList<string> Clashes(string pluginName, string folder, IReadOnlyList<IComponentFactory> factories) =>
        [.. factories
            .Where(f => _owners.ContainsKey(f.TypeName))
            .Select(f => (f.TypeName, Owner: _owners[f.TypeName]))
            .Select(c => $"Component type name '{c.TypeName}' of plugin '{pluginName}' ({folder}) is refused: plugin '{c.Owner.Plugin}' " +
                $"({c.Owner.Folder}) already registered it. Remove one of the two plugin folders (two copies or two " +
                "versions of the same plugin?), or rename the component in one of them.")];

    /// <summary>Takes the type names of a plugin that loads.</summary>
    /// <param name="pluginName">The plugin's name.</param>
    /// <param name="folder">The plugin's folder.</param>
    /// <param name="factories">Its factories.</param>
    public void Add(string pluginName, string folder, IReadOnlyList<IComponentFactory> factories)
    {
        foreach (var factory in factories)
        {
            _owners.TryAdd(factory.TypeName, (pluginName, folder));
        }
    }
}

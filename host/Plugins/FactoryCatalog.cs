using System.Text.RegularExpressions;
using ConnectorHost.Abstractions.Plugins;

namespace ConnectorHost.Plugins;

/// <summary>
/// Admits component factories across all plugins: a type name must be shaped <c>lowercase.dotted</c> and be
/// unique. The first plugin to register a name keeps it; a later one is refused and both are named.
/// </summary>
internal sealed partial class FactoryCatalog
{
    private readonly Dictionary<string, (string Plugin, string Folder)> _owners = new(StringComparer.Ordinal);

    /// <summary>Admits the factories of one plugin.</summary>
    /// <param name="pluginName">The plugin's name.</param>
    /// <param name="assemblyPath">The plugin's main assembly; failures are reported against it.</param>
    /// <param name="factories">The factories it registered.</param>
    /// <param name="failures">Where refused factories are reported.</param>
    /// <returns>The admitted factories.</returns>
    public IReadOnlyList<IComponentFactory> Admit(
        string pluginName, string assemblyPath, IReadOnlyList<IComponentFactory> factories, ICollection<PluginLoadFailure> failures)
    {
        var folder = Path.GetDirectoryName(assemblyPath)!;
        var admitted = new List<IComponentFactory>();
        foreach (var factory in factories)
        {
            var typeName = factory.TypeName;
            if (!TypeNameShape().IsMatch(typeName))
            {
                failures.Add(new PluginLoadFailure(assemblyPath,
                    $"Component type name '{typeName}' of plugin '{pluginName}' ({factory.GetType().FullName}) is refused: " +
                    "type names are lower case, dotted, like 'plugin.component' (letters and digits, at least two parts). " +
                    "Ask the plugin's supplier to rename it."));
                continue;
            }

            if (_owners.TryGetValue(typeName, out var owner))
            {
                failures.Add(new PluginLoadFailure(assemblyPath,
                    $"Component type name '{typeName}' of plugin '{pluginName}' ({folder}) is refused: plugin '{owner.Plugin}' " +
                    $"({owner.Folder}) already registered it. Remove one of the two plugin folders (two copies or two " +
                    "versions of the same plugin?), or rename the component in one of them."));
                continue;
            }

            _owners.Add(typeName, (pluginName, folder));
            admitted.Add(factory);
        }

        return admitted;
    }

    [GeneratedRegex("^[a-z][a-z0-9]*(\\.[a-z][a-z0-9]*)+$", RegexOptions.CultureInvariant)]
    private static partial Regex TypeNameShape();
}

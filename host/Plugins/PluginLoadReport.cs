using ConnectorHost.Abstractions.Plugins;

namespace ConnectorHost.Plugins;

/// <summary>The outcome of loading a plugins folder.</summary>
public sealed class PluginLoadReport
{
    /// <summary>Creates the report.</summary>
    /// <param name="plugins">The plugins that loaded, in load order.</param>
    /// <param name="failures">What could not be loaded or was refused, in load order.</param>
    public PluginLoadReport(IReadOnlyList<LoadedPlugin> plugins, IReadOnlyList<PluginLoadFailure> failures)
    {
        ArgumentNullException.ThrowIfNull(plugins);
        ArgumentNullException.ThrowIfNull(failures);
        Plugins = plugins;
        Failures = failures;
        Factories = [.. plugins.SelectMany(plugin => plugin.Factories)];
    }

    /// <summary>The plugins that loaded.</summary>
    public IReadOnlyList<LoadedPlugin> Plugins { get; }

    /// <summary>Each plugin, factory or folder that was refused, with what to do about it.</summary>
    public IReadOnlyList<PluginLoadFailure> Failures { get; }

    /// <summary>The accepted component factories of all plugins; their type names are unique.</summary>
    public IReadOnlyList<IComponentFactory> Factories { get; }
}

namespace ConnectorHost.Plugins;

/// <summary>
/// Loads the connector plugins dropped into a folder, each in its own load context, sharing only the
/// abstractions with the host. The host depends on this interface, never on the loading library behind it.
/// </summary>
public interface IPluginLoader
{
    /// <summary>
    /// Loads every plugin folder under <paramref name="pluginsPath"/>. Never throws for a bad plugin or a missing
    /// folder: each problem is reported in <see cref="PluginLoadReport.Failures"/> and loading goes on.
    /// </summary>
    /// <param name="pluginsPath">The folder that holds one sub-folder per plugin.</param>
    /// <returns>The plugins that loaded, their component factories, and what failed.</returns>
    PluginLoadReport LoadAll(string pluginsPath);
}

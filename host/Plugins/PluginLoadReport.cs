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
    }

    /// <summary>The plugins that loaded (after a reload: the versions running now).</summary>
    public IReadOnlyList<LoadedPlugin> Plugins
    {
        get => _plugins;
        private set
        {
            _plugins = value;
            _factories = [.. value.SelectMany(plugin => plugin.Factories)];
        }
    }

    /// <summary>Each plugin, factory or folder that was refused, with what to do about it.</summary>
    public IReadOnlyList<PluginLoadFailure> Failures { get; private set; }

    /// <summary>The accepted component factories of all plugins; their type names are unique.</summary>
    public IReadOnlyList<IComponentFactory> Factories => _factories;

    /// <summary>What the plugin reload did, most recent last (shown on the dashboard's overview).</summary>
    public IReadOnlyList<PluginReload> Reloads => _reloads;

    private volatile IReadOnlyList<LoadedPlugin> _plugins = [];
    private volatile IReadOnlyList<IComponentFactory> _factories = [];
    private volatile IReadOnlyList<PluginReload> _reloads = [];

    /// <summary>
    /// Why a component type is not among the loaded ones, when a failed plugin can explain it (SDK-8): the plugin that
    /// registered it before it was refused, or else every plugin folder that failed before it registered anything.
    /// </summary>
    /// <param name="typeName">The component type a pipeline names.</param>
    /// <returns>The sentence, or null when no plugin failed that could provide it.</returns>
    public string? WhyUnknown(string typeName)
    {
        var failures = Failures;
        if (failures.FirstOrDefault(f => f.TypeNames.Contains(typeName, StringComparer.Ordinal)) is { } owner)
        {
            return $"its plugin failed to load ({owner.Path}): {owner.Reason}";
        }

        var unknown = failures.Where(f => f.TypeNames.Count == 0).ToList();
        return unknown.Count switch
        {
            0 => null,
            1 => $"a plugin failed to load and may provide it ({unknown[0].Path}): {unknown[0].Reason}",
            _ => $"{unknown.Count} plugins failed to load and may provide it: {string.Join(" | ", unknown.Select(f => $"{f.Path}: {f.Reason}"))}",
        };
    }

    /// <summary>Puts a reloaded plugin in the place of its old version (or adds a new folder's plugin).</summary>
    /// <param name="folder">The plugin's folder.</param>
    /// <param name="replacement">The new version.</param>
    internal void Replace(string folder, LoadedPlugin replacement)
    {
        Plugins = [.. _plugins.Where(p => !SameFolder(p.Folder, folder)), replacement];
        Failures = [.. Failures.Where(f => !f.Path.StartsWith(Path.GetFullPath(folder), StringComparison.Ordinal))];
    }

    /// <summary>Records what a reload did.</summary>
    /// <param name="reload">The outcome.</param>
    internal void Record(PluginReload reload) => _reloads = [.. _reloads.TakeLast(19), reload];

    private static bool SameFolder(string a, string b) =>
        string.Equals(Path.GetFullPath(a).TrimEnd(Path.DirectorySeparatorChar), Path.GetFullPath(b).TrimEnd(Path.DirectorySeparatorChar), StringComparison.Ordinal);
}

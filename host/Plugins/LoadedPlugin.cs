using ConnectorHost.Abstractions.Plugins;

namespace ConnectorHost.Plugins;

/// <summary>A plugin folder whose assembly loaded and registered its components.</summary>
/// <param name="Name">The plugin's <see cref="IConnectorPlugin.Name"/> (joined with ", " when the assembly has several).</param>
/// <param name="Folder">The plugin's folder.</param>
/// <param name="AssemblyPath">The plugin's main assembly.</param>
/// <param name="AssemblyVersion">The main assembly's version.</param>
/// <param name="Factories">The factories the plugin registered and the host accepted.</param>
public sealed record LoadedPlugin(
    string Name,
    string Folder,
    string AssemblyPath,
    Version? AssemblyVersion,
    IReadOnlyList<IComponentFactory> Factories)
{
    /// <summary>What the plugin says about itself: name, version and the abstractions version it targets.</summary>
    public PluginManifest Manifest { get; init; } = new(Name, AssemblyVersion?.ToString(3) ?? "0.0.0", "?", Declared: false);

    /// <summary>The SHA-256 of the main assembly as loaded (lower-case hex), for the log, the audit and the dashboard (FH-6).</summary>
    public string Sha256 { get; init; } = string.Empty;

    /// <summary>The collectible load context to unload when a new version replaces this one; null when not unloadable.</summary>
    internal IDisposable? LoadContext { get; init; }
}

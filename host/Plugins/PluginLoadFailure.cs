namespace ConnectorHost.Plugins;

/// <summary>A plugin, folder or component factory that the host could not load or refused.</summary>
/// <param name="Path">The folder or assembly concerned.</param>
/// <param name="Reason">What happened and what to do about it.</param>
public sealed record PluginLoadFailure(string Path, string Reason);

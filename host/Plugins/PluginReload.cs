namespace ConnectorHost.Plugins;

/// <summary>One reload of a plugin folder that changed while the host ran.</summary>
/// <param name="At">When it was applied or refused.</param>
/// <param name="Folder">The plugin's folder.</param>
/// <param name="Succeeded">True when the new version runs; false when the old version stays.</param>
/// <param name="Message">What happened: the new version and its pipelines, or why the old one stays.</param>
public sealed record PluginReload(DateTimeOffset At, string Folder, bool Succeeded, string Message);

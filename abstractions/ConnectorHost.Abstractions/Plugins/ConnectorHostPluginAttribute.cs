namespace ConnectorHost.Abstractions.Plugins;

/// <summary>
/// The plugin's manifest: its name, its version and the ConnectorHost.Abstractions version it targets, shown by
/// <c>plugins</c> and the dashboard. Put it once in the plugin assembly:
/// <code>[assembly: ConnectorHostPlugin("Acme.Echo", "1.0.0")]</code>
/// The target is filled in by the compiler from <see cref="AbstractionsVersion.Current"/> of the abstractions the
/// plugin is built against; the host refuses a plugin whose target has another major version or a newer minor.
/// Without the attribute the host uses the assembly's name and version and its reference to the abstractions.
/// </summary>
/// <param name="name">The plugin's name, as its users say it: <c>Acme.Echo</c>.</param>
/// <param name="version">The plugin's semantic version: <c>1.2.0</c>.</param>
/// <param name="targetAbstractions">Leave out: the abstractions version the plugin is compiled against.</param>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = false)]
public sealed class ConnectorHostPluginAttribute(string name, string version, string targetAbstractions = AbstractionsVersion.Current) : Attribute
{
    /// <summary>The plugin's name.</summary>
    public string Name { get; } = name;

    /// <summary>The plugin's semantic version.</summary>
    public string Version { get; } = version;

    /// <summary>The ConnectorHost.Abstractions version the plugin was compiled against.</summary>
    public string TargetAbstractions { get; } = targetAbstractions;
}

/// <summary>
/// The version of these contracts. <c>Current</c>, the semantic version of this ConnectorHost.Abstractions, is a
/// constant (so a plugin's <see cref="ConnectorHostPluginAttribute"/> keeps the value it was compiled with), written at
/// build time from <c>ConnectorHostSdkVersion</c> in Directory.Build.props, the one place the SDK's version is kept.
/// </summary>
public static partial class AbstractionsVersion
{
}

using Acme.Foo;
using ConnectorHost.Abstractions.Plugins;

// The manifest: name and version, shown by `connectorhost plugins` and the dashboard. The abstractions version the
// plugin targets is filled in by the compiler.
[assembly: ConnectorHostPlugin(Plugin.Name, Plugin.Version)]

namespace Acme.Foo;

/// <summary>The plugin's entry point: the host creates it once when it loads the plugin and asks for its components.</summary>
public sealed class Plugin : IConnectorPlugin
{
    /// <summary>The plugin's name.</summary>
    public const string Name = "Acme.Foo";

    /// <summary>The plugin's version; raise it with every release.</summary>
    public const string Version = "1.0.0";

    /// <inheritdoc />
    string IConnectorPlugin.Name => Name;

    /// <inheritdoc />
    public void Register(IComponentRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        registry.Add(new SignTaskFactory());
    }
}

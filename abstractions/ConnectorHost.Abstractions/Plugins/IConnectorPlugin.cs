namespace ConnectorHost.Abstractions.Plugins;

/// <summary>
/// The entry point of a plugin assembly. The host creates every public, non-abstract class that implements this
/// interface (it needs a public parameterless constructor) and asks it to register its components.
/// </summary>
public interface IConnectorPlugin
{
    /// <summary>A short, human-readable name of the plugin, shown by the <c>plugins</c> command.</summary>
    string Name { get; }

    /// <summary>Registers the plugin's component factories. Called once, when the plugin is loaded.</summary>
    /// <param name="registry">Where the factories are added.</param>
    void Register(IComponentRegistry registry);
}

/// <summary>Collects the component factories of one plugin.</summary>
public interface IComponentRegistry
{
    /// <summary>Adds a factory. Its <see cref="IComponentFactory.TypeName"/> must be unique across all plugins.</summary>
    /// <param name="factory">The factory to add.</param>
    void Add(IComponentFactory factory);
}

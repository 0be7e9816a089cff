using Autofac;
using ConnectorHost.Abstractions.Plugins;

namespace ConnectorHost.Plugins;

/// <summary>
/// Registers the outcome of plugin loading in the container: the <see cref="PluginLoadReport"/> itself, and every
/// accepted factory as <see cref="IComponentFactory"/>, also keyed by its YAML type name so that the host resolves
/// <c>type: clientonline.folder</c> with <c>ResolveKeyed&lt;IComponentFactory&gt;("clientonline.folder")</c>.
/// </summary>
public sealed class PluginsModule : Module
{
    private readonly PluginLoadReport _report;

    /// <summary>Creates the module.</summary>
    /// <param name="report">The plugins loaded at start-up.</param>
    public PluginsModule(PluginLoadReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        this._report = report;
    }

    /// <inheritdoc />
    protected override void Load(ContainerBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.RegisterInstance(_report).AsSelf().ExternallyOwned();
        foreach (var factory in _report.Factories)
        {
            builder.RegisterInstance(factory)
                .As<IComponentFactory>()
                .Keyed<IComponentFactory>(factory.TypeName)
                .ExternallyOwned();
        }
    }
}

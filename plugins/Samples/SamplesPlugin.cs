using ConnectorHost.Abstractions.Plugins;

namespace ConnectorHost.Plugins.Samples;

/// <summary>The sample plugin: the smallest example of a connector.</summary>
public sealed class SamplesPlugin : IConnectorPlugin
{
    /// <inheritdoc />
    public string Name => "Samples";

    /// <inheritdoc />
    public void Register(IComponentRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
    }
}

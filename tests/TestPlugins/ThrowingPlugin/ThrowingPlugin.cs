using ConnectorHost.Abstractions.Plugins;

namespace ConnectorHost.TestPlugins.Throwing;

/// <summary>A plugin whose registration fails: the host must refuse it and load the others.</summary>
public sealed class ThrowingPlugin : IConnectorPlugin
{
    public string Name => "Throwing";

    public void Register(IComponentRegistry registry) =>
        throw new InvalidOperationException("boom while registering");
}

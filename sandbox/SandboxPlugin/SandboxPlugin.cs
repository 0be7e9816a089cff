using ConnectorHost.Abstractions.Plugins;

// The manifest, as every plugin carries it (SDK-9); the abstractions version is filled in by the compiler.
[assembly: ConnectorHostPlugin("Sandbox", "1.0.0")]

namespace ConnectorHost.Sandbox.Plugin;

/// <summary>
/// Runs local stand-ins of outside services inside the host, so that the default configuration is a working demo:
/// <c>sandbox.clientonline</c> serves the ClientOnline sandbox portal, <c>sandbox.certipost</c> the sandbox Certipost,
/// <c>sandbox.casewarecloud</c> the sandbox CaseWare Cloud. Not for production.
/// </summary>
public sealed class SandboxPlugin : IConnectorPlugin
{
    /// <inheritdoc />
    public string Name => "Sandbox";

    /// <inheritdoc />
    public void Register(IComponentRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        registry.Add(new ClientOnlinePortalTaskFactory());
        registry.Add(new CertipostSandboxTaskFactory());
        registry.Add(new CaseWareCloudSandboxTaskFactory());
    }
}

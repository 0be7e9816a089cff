using ConnectorHost.Abstractions.Plugins;

// The manifest, as every plugin carries it (SDK-9); the abstractions version is filled in by the compiler.
[assembly: ConnectorHostPlugin("CaseWare Cloud", "1.0.0")]

namespace ConnectorHost.Plugins.CaseWareCloud;

/// <summary>The CaseWare Cloud connector: keeps AuditCase's linked clients and contact persons in sync with CaseWare Cloud (<c>casewarecloud.sync</c>).</summary>
public sealed class CaseWareCloudPlugin : IConnectorPlugin
{
    /// <inheritdoc />
    public string Name => "CaseWare Cloud";

    /// <inheritdoc />
    public void Register(IComponentRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        registry.Add(new CaseWareCloudSyncFactory());
    }
}

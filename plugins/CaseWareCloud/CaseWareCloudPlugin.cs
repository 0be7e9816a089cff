using ConnectorHost.Abstractions.Plugins;

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

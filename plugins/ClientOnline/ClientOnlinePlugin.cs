using ConnectorHost.Abstractions.Plugins;

namespace ConnectorHost.Plugins.ClientOnline;

/// <summary>
/// The ClientOnline connector: XBRL filings and PDFs from folders to the ClientOnline portal for the client's
/// approval (accordering). Its components (<c>clientonline.folder</c>, <c>clientonline.accordering</c>) are
/// registered here once they exist; today the plugin carries the XBRL reader (<see cref="Xbrl.XbrlInstanceReader"/>).
/// </summary>
public sealed class ClientOnlinePlugin : IConnectorPlugin
{
    /// <inheritdoc />
    public string Name => "ClientOnline";

    /// <inheritdoc />
    public void Register(IComponentRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
    }
}

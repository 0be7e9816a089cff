using ConnectorHost.Abstractions.Plugins;
using ConnectorHost.Plugins.ClientOnline.Accordering;
using ConnectorHost.Plugins.ClientOnline.Folders;
using ConnectorHost.Plugins.ClientOnline.Import;

// The manifest, as every plugin carries it (SDK-9); the abstractions version is filled in by the compiler.
[assembly: ConnectorHostPlugin("ClientOnline", "1.0.0")]

namespace ConnectorHost.Plugins.ClientOnline;

/// <summary>
/// The ClientOnline connector: XBRL filings and PDFs from folders to the ClientOnline portal for the client's
/// approval (accordering). <c>clientonline.folder</c> is the source (the folders), <c>clientonline.accordering</c>
/// the target (the portal's SOAP service); <c>clientonline.import</c> sets the portal up from the office's export.
/// </summary>
public sealed class ClientOnlinePlugin : IConnectorPlugin
{
    /// <inheritdoc />
    public string Name => "ClientOnline";

    /// <inheritdoc />
    public void Register(IComponentRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        registry.Add(new ClientOnlineFolderFactory());
        registry.Add(new AccorderingTargetFactory());
        registry.Add(new ClientImportFactory());
    }
}

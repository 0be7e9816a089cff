using ConnectorHost.Abstractions.Commands;
using ConnectorHost.Abstractions.Plugins;
using ConnectorHost.Abstractions.Sync;
using ConnectorHost.Plugins.ClientOnline.Accordering;
using ConnectorHost.Plugins.ClientOnline.Contracts.Beheer;

namespace ConnectorHost.Plugins.ClientOnline.Import;

/// <summary>Creates <c>clientonline.import</c> tasks.</summary>
public sealed class ClientImportFactory()
    : ComponentFactory<ISyncTask, ClientImportSettings>(
        "clientonline.import",
        "Sets the ClientOnline portal up from the office's CSV or Excel export: new clients in their group and branch, their users, PIN/SMS tokens and PIN letters (PO-1..PO-7); run by hand with its dry-run and import commands.")
{
    /// <inheritdoc />
    public override IReadOnlyList<AdminCommand> AdminCommands => ClientImportCommands.All;

    /// <inheritdoc />
    public override ISyncTask Create(ClientImportSettings settings, IComponentContext context)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(context);
        return new ClientImportTask(
            settings,
            context,
            new BeheerClient(new SoapChannel<IBeheerService>(settings.Endpoint, settings.Timeout, new CallGate(context.MaxInFlight)), settings.UserName, settings.Password));
    }
}

using ConnectorHost.Abstractions.Plugins;
using ConnectorHost.Abstractions.Sync;
using ConnectorHost.Sandbox.ClientOnlinePortal;
using Microsoft.Extensions.Logging;

namespace ConnectorHost.Sandbox.Plugin;

/// <summary>Creates <c>sandbox.clientonline</c> tasks.</summary>
public sealed class ClientOnlinePortalTaskFactory()
    : ComponentFactory<ISyncTask, ClientOnlinePortalSettings>(
        "sandbox.clientonline",
        "Starts the ClientOnline sandbox portal (SOAP service, control API and approval page) on 127.0.0.1 at its first run and keeps it running; for demos, never for production.")
{
    /// <inheritdoc />
    public override ISyncTask Create(ClientOnlinePortalSettings settings, IComponentContext context)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(context);
        return new SandboxServerTask(
            "ClientOnline sandbox portal",
            settings.Port,
            async cancellationToken =>
            {
                var portal = await SandboxPortal.StartAsync(
                    new SandboxPortalOptions
                    {
                        Port = settings.Port,
                        UserName = settings.UserName,
                        Password = settings.Password,
                        SeedDemoData = settings.DemoData,
                        MinimumLogLevel = LogLevel.None,
                    },
                    cancellationToken).ConfigureAwait(false);
                return (portal, $"approve or reject documents on {portal.BaseUrl}; SOAP service {portal.ServiceUrl}");
            },
            context.LoggerFactory.CreateLogger<SandboxServerTask>());
    }
}

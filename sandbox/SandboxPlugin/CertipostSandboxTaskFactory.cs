using ConnectorHost.Abstractions.Plugins;
using ConnectorHost.Abstractions.Sync;
using ConnectorHost.Sandbox.Certipost;
using Microsoft.Extensions.Logging;

namespace ConnectorHost.Sandbox.Plugin;

/// <summary>Creates <c>sandbox.certipost</c> tasks.</summary>
public sealed class CertipostSandboxTaskFactory()
    : ComponentFactory<ISyncTask, CertipostSandboxSettings>(
        "sandbox.certipost",
        "Starts the sandbox Certipost (opt-ins, the daily list of enrolled customers, welcome mails to a sink, unsubscribing) on 127.0.0.1 at its first run and keeps it running; for demos, never for production.")
{
    /// <inheritdoc />
    public override ISyncTask Create(CertipostSandboxSettings settings, IComponentContext context)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(context);
        return new SandboxServerTask(
            "sandbox Certipost",
            settings.Port,
            async cancellationToken =>
            {
                var certipost = await SandboxCertipost.StartAsync(
                    new SandboxCertipostOptions
                    {
                        Port = settings.Port,
                        ApiKey = settings.ApiKey,
                        ConfirmationDelay = settings.ConfirmationDelay,
                        Clock = context.Clock,
                        MinimumLogLevel = LogLevel.None,
                    },
                    cancellationToken).ConfigureAwait(false);
                return (certipost, $"API {certipost.BaseUrl}api/v1, control API {certipost.BaseUrl}control");
            },
            context.LoggerFactory.CreateLogger<SandboxServerTask>());
    }
}

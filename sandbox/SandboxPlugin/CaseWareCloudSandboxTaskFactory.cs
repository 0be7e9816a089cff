using ConnectorHost.Abstractions.Plugins;
using ConnectorHost.Abstractions.Sync;
using ConnectorHost.Sandbox.CaseWareCloud;
using Microsoft.Extensions.Logging;

namespace ConnectorHost.Sandbox.Plugin;

/// <summary>Creates <c>sandbox.casewarecloud</c> tasks.</summary>
public sealed class CaseWareCloudSandboxTaskFactory()
    : ComponentFactory<ISyncTask, CaseWareCloudSandboxSettings>(
        "sandbox.casewarecloud",
        "Starts the sandbox CaseWare Cloud (API v2 shape: auth/token, entities, contacts; control API) on 127.0.0.1 at its first run and keeps it running; for demos, never for production.")
{
    /// <inheritdoc />
    public override ISyncTask Create(CaseWareCloudSandboxSettings settings, IComponentContext context)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(context);
        return new SandboxServerTask(
            "sandbox CaseWare Cloud",
            settings.Port,
            async cancellationToken =>
            {
                var sandbox = await SandboxCaseWareCloud.StartAsync(
                    new SandboxCaseWareCloudOptions
                    {
                        Port = settings.Port,
                        Firm = settings.Firm,
                        ClientId = settings.ClientId,
                        ClientSecret = settings.ClientSecret,
                        MinimumLogLevel = LogLevel.None,
                    },
                    cancellationToken).ConfigureAwait(false);
                return (sandbox, $"API {sandbox.FirmUrl}; see what it holds on {new Uri(sandbox.BaseUrl, "control/entities")}");
            },
            context.LoggerFactory.CreateLogger<SandboxServerTask>());
    }
}

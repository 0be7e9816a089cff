using System.Net.Sockets;
using ConnectorHost.Abstractions.Plugins;
using ConnectorHost.Abstractions.Sync;
using ConnectorHost.Sandbox.CaseWareCloud;
using Microsoft.Extensions.Logging;

namespace ConnectorHost.Sandbox.Plugin;

/// <summary>
/// Starts the in-process sandbox CaseWare Cloud at its first run and keeps it running; later runs only report where it
/// is. Disposing stops it. A port in use is a passing failure: the next run tries again.
/// </summary>
internal sealed partial class CaseWareCloudSandboxTask(CaseWareCloudSandboxSettings settings, ILogger<CaseWareCloudSandboxTask> logger)
    : ISyncTask, IAsyncDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private SandboxCaseWareCloud? _sandbox;

    public async Task<SyncResult> RunAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_sandbox is { } running)
            {
                return SyncResult.Success($"the CaseWare Cloud sandbox runs on {running.FirmUrl} ({running.State.Entities.Count} entities, {running.State.Contacts.Count} contacts)");
            }

            try
            {
                _sandbox = await SandboxCaseWareCloud.StartAsync(
                    new SandboxCaseWareCloudOptions
                    {
                        Port = settings.Port,
                        Firm = settings.Firm,
                        ClientId = settings.ClientId,
                        ClientSecret = settings.ClientSecret,
                        MinimumLogLevel = LogLevel.None,
                    },
                    cancellationToken).ConfigureAwait(false);
            }
            catch (IOException ex) when (ex.InnerException is SocketException || ex.Message.Contains("address", StringComparison.OrdinalIgnoreCase))
            {
                return SyncResult.Transient($"the CaseWare Cloud sandbox could not listen on 127.0.0.1:{settings.Port} ({ex.Message}); is another program using the port?");
            }

            LogStarted(_sandbox.FirmUrl, new Uri(_sandbox.BaseUrl, "control/entities"));
            return SyncResult.Success($"started the CaseWare Cloud sandbox on {_sandbox.FirmUrl}");
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_sandbox is { } sandbox)
        {
            _sandbox = null;
            await sandbox.DisposeAsync().ConfigureAwait(false);
        }

        _gate.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "CaseWare Cloud sandbox started on {FirmUrl}; see what it holds on {Entities}")]
    private partial void LogStarted(Uri firmUrl, Uri entities);
}

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
        return new CaseWareCloudSandboxTask(settings, context.LoggerFactory.CreateLogger<CaseWareCloudSandboxTask>());
    }
}

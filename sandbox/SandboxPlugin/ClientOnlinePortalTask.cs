using System.Net.Sockets;
using ConnectorHost.Abstractions.Sync;
using ConnectorHost.Sandbox.ClientOnlinePortal;
using Microsoft.Extensions.Logging;

namespace ConnectorHost.Sandbox.Plugin;

/// <summary>
/// Starts the in-process ClientOnline sandbox portal at its first run and keeps it running; later runs only report
/// where it is. Disposing stops it. A port in use is a passing failure: the next run tries again.
/// </summary>
internal sealed partial class ClientOnlinePortalTask(ClientOnlinePortalSettings settings, ILogger<ClientOnlinePortalTask> logger)
    : ISyncTask, IAsyncDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private SandboxPortal? _portal;

    public async Task<SyncResult> RunAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_portal is { } running)
            {
                return SyncResult.Success($"the ClientOnline sandbox portal runs on {running.BaseUrl}");
            }

            try
            {
                _portal = await SandboxPortal.StartAsync(
                    new SandboxPortalOptions
                    {
                        Port = settings.Port,
                        UserName = settings.UserName,
                        Password = settings.Password,
                        SeedDemoData = settings.DemoData,
                        MinimumLogLevel = LogLevel.None,
                    },
                    cancellationToken).ConfigureAwait(false);
            }
            catch (IOException ex) when (ex.InnerException is SocketException || ex.Message.Contains("address", StringComparison.OrdinalIgnoreCase))
            {
                return SyncResult.Transient($"the ClientOnline sandbox portal could not listen on 127.0.0.1:{settings.Port} ({ex.Message}); is another program using the port?");
            }

            LogStarted(_portal.BaseUrl, _portal.ServiceUrl);
            return SyncResult.Success($"started the ClientOnline sandbox portal on {_portal.BaseUrl}");
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_portal is { } portal)
        {
            _portal = null;
            await portal.DisposeAsync().ConfigureAwait(false);
        }

        _gate.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "ClientOnline sandbox portal started: approve or reject documents on {Page}; SOAP service {Service}")]
    private partial void LogStarted(Uri page, Uri service);
}

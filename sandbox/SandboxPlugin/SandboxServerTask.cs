using System.Net.Sockets;
using ConnectorHost.Abstractions.Sync;
using Microsoft.Extensions.Logging;

namespace ConnectorHost.Sandbox.Plugin;

/// <summary>
/// Starts an in-process sandbox server at its first run and keeps it running; later runs only report where it is.
/// Disposing stops it. A port in use is a passing failure: the next run tries again.
/// </summary>
/// <param name="service">What the server stands in for, for the log: "ClientOnline sandbox portal".</param>
/// <param name="port">The port it listens on, for the message when it cannot.</param>
/// <param name="start">Starts the server; returns it with one line saying where to find it.</param>
/// <param name="logger">The log.</param>
internal sealed partial class SandboxServerTask(
    string service, int port, Func<CancellationToken, Task<(IAsyncDisposable Server, string Where)>> start, ILogger<SandboxServerTask> logger)
    : ISyncTask, IAsyncDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private (IAsyncDisposable Server, string Where)? _running;

    public async Task<SyncResult> RunAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_running is { } running)
            {
                return SyncResult.Success($"the {service} runs: {running.Where}");
            }

            try
            {
                _running = await start(cancellationToken).ConfigureAwait(false);
            }
            catch (IOException ex) when (ex.InnerException is SocketException || ex.Message.Contains("address", StringComparison.OrdinalIgnoreCase))
            {
                return SyncResult.Transient($"the {service} could not listen on 127.0.0.1:{port} ({ex.Message}); is another program using the port?");
            }

            LogStarted(service, _running.Value.Where);
            return SyncResult.Success($"started the {service}: {_running.Value.Where}");
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_running is { } running)
        {
            _running = null;
            await running.Server.DisposeAsync().ConfigureAwait(false);
        }

        _gate.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Service} started: {Where}")]
    private partial void LogStarted(string service, string where);
}

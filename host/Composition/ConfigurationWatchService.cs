using ConnectorHost.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ConnectorHost.Composition;

/// <summary>
/// Watches the configuration file and the files it references while the host runs, and hands every settled change to
/// the <see cref="ConfigurationReloader"/>. A reload that fails unexpectedly is logged; the watch goes on.
/// </summary>
internal sealed partial class ConfigurationWatchService(
    RunningConfiguration running,
    Lazy<ConfigurationReloader> reloader,
    TimeProvider clock,
    ILogger<ConfigurationWatchService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var watch = new ConfigurationFileWatch();
        watch.Watch(WatchedFiles(running.Current));
        LogWatching(running.Startup.File, running.Current.ReferencedFiles.Count);
        if (watch.WatcherUnavailable is { } reason)
        {
            LogPollingOnly(reason, ConfigurationFileWatch.PollInterval);
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await watch.WaitForChangeAsync(clock, stoppingToken).ConfigureAwait(false);
                LogChanged(running.Startup.File);
                await reloader.Value.ReloadAsync(stoppingToken, watch.IsCurrent).ConfigureAwait(false);
                watch.Watch(WatchedFiles(running.Current));
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
#pragma warning disable CA1031 // a reload that fails must not end the watch, nor the host: the running configuration stays
            catch (Exception ex)
#pragma warning restore CA1031
            {
                LogReloadFailed(ex, running.Startup.File, ex.Message);
            }
        }
    }

    private static List<string> WatchedFiles(HostConfiguration configuration) => [configuration.File, .. configuration.ReferencedFiles];

    [LoggerMessage(Level = LogLevel.Information, Message = "Watching {File} (and {Referenced} file(s) it references) for edits: a valid edit applies without a restart")]
    private partial void LogWatching(string file, int referenced);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The configuration folder cannot be watched ({Reason}); edits are noticed by comparing the files every {Interval} instead")]
    private partial void LogPollingOnly(string reason, TimeSpan interval);

    [LoggerMessage(Level = LogLevel.Information, Message = "Configuration {File} was edited: validating it before applying")]
    private partial void LogChanged(string file);

    [LoggerMessage(Level = LogLevel.Error, Message = "Reloading {File} failed: {Error}. The running configuration stays; save the file again to retry.")]
    private partial void LogReloadFailed(Exception exception, string file, string error);
}

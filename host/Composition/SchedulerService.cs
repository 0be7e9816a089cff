using ConnectorHost.Abstractions.State;
using ConnectorHost.Configuration;
using ConnectorHost.Pipelines;
using ConnectorHost.Plugins;
using ConnectorHost.State;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ConnectorHost.Composition;

/// <summary>Starts the host's work: migrates the state store, reports the plugins, runs the scheduler.</summary>
internal sealed partial class SchedulerService(
    HostConfiguration configuration,
    PluginLoadReport plugins,
    IHostStateStore state,
    Lazy<PipelineScheduler> scheduler,
    HostExitState exitState,
    IHostApplicationLifetime lifetime,
    ILogger<SchedulerService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await RunAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
        {
            exitState.Failure = ex.Message;
            LogFatal(ex, ex.Message);
            lifetime.StopApplication();
        }
    }

    private async Task RunAsync(CancellationToken stoppingToken)
    {
        var version = await state.MigrateAsync(stoppingToken).ConfigureAwait(false);
        if (state is State.Sqlite.SqliteStateStore { MigrationBackup: { } backup } sqlite)
        {
            LogMigrated(sqlite.DatabasePath, sqlite.VersionBeforeMigration, version, backup);
        }
        LogStarted(configuration.File, configuration.ResolveDataPath(configuration.Host.State.Path), version);
        foreach (var plugin in plugins.Plugins)
        {
            // FH-6: loading code is worth a Warning and an audit entry: what ran, from where, which exact file.
            LogPlugin(plugin.Name, plugin.Manifest.Version, plugin.AssemblyPath, plugin.Sha256, string.Join(", ", plugin.Factories.Select(f => f.TypeName)));
            await state.Audit.WriteAsync(
                new AuditEntry("host", "plugin-loaded", "plugin:" + Path.GetFileName(Path.TrimEndingDirectorySeparator(plugin.Folder)), $"{plugin.Manifest} from {plugin.AssemblyPath}, SHA-256 {plugin.Sha256}"),
                stoppingToken).ConfigureAwait(false);
        }

        foreach (var failure in plugins.Failures)
        {
            LogPluginFailed(failure.Path, failure.Reason);
        }

        await scheduler.Value.RunAsync(stoppingToken).ConfigureAwait(false);
        LogStopped();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "ConnectorHost started with {Config}; state store {StateFile} (schema version {Version})")]
    private partial void LogStarted(string config, string stateFile, int version);

    [LoggerMessage(Level = LogLevel.Warning, Message = "State database {StateFile} was migrated from schema version {From} to {To}; the copy taken before is {Backup}. Keep it until the new version runs well; see README, Upgrade, to go back")]
    private partial void LogMigrated(string stateFile, int from, int to, string backup);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Plugin {Plugin} {Version} loaded from {Path} (SHA-256 {Sha256}): {Components}. Its code runs inside the host; if you did not install it, stop the host and check the plugins folder")]
    private partial void LogPlugin(string plugin, string version, string path, string sha256, string components);

    [LoggerMessage(Level = LogLevel.Error, Message = "Plugin at {Path} was not loaded: {Reason}")]
    private partial void LogPluginFailed(string path, string reason);

    [LoggerMessage(Level = LogLevel.Critical, Message = "ConnectorHost cannot go on: {Error}. Fix the cause (the data folder, the state store) and start it again.")]
    private partial void LogFatal(Exception exception, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "ConnectorHost stopped; unfinished work resumes at the next start")]
    private partial void LogStopped();
}

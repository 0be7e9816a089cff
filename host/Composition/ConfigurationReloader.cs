using ConnectorHost.Abstractions.State;
using ConnectorHost.Configuration;
using ConnectorHost.Logging;
using ConnectorHost.Pipelines;
using ConnectorHost.Plugins;
using ConnectorHost.State;
using Microsoft.Extensions.Logging;

namespace ConnectorHost.Composition;

/// <summary>
/// Applies an edited configuration file to the running host (FR-5): reads and validates it against the loaded
/// plugins first; when it is valid, the <see cref="PipelineSupervisor"/> restarts only the pipelines whose definition
/// changed, and edited <c>host:</c> settings are named as applying at the next start; when it is not, the running
/// configuration stays and the errors are logged and kept for the dashboard. Both outcomes are audited.
/// </summary>
internal sealed partial class ConfigurationReloader(
    RunningConfiguration running,
    PluginLoadReport plugins,
    PipelineSupervisor supervisor,
    IHostStateStore state,
    SecretMasker masker,
    TimeProvider clock,
    ILogger<ConfigurationReloader> logger)
{
    private const string Who = "host";

    /// <summary>Reads the configuration file again and applies it, or refuses it with its errors.</summary>
    /// <param name="cancellationToken">Stops the reload before it applies anything.</param>
    /// <param name="stillCurrent">Whether the file read is still the newest edit; an out-of-date read is not applied. Always when null.</param>
    /// <returns>The changes made, or null when the edit was refused.</returns>
    public async Task<PipelineChanges?> ReloadAsync(CancellationToken cancellationToken, Func<bool>? stillCurrent = null)
    {
        var file = running.Startup.File;
        var subject = "config:" + Path.GetFileName(file);
        HostConfiguration edited;
        try
        {
            var parsed = ConfigurationLoader.Parse(file);
            edited = ConfigurationLoader.Complete(parsed, plugins.Factories, skipUnknownTypes: plugins.Failures.Count > 0, whyUnknown: plugins.WhyUnknown);
        }
        catch (ConfigurationException ex)
        {
            running.Refused(ex.Errors, clock.GetUtcNow());
            var lines = string.Join("; ", ex.Errors); // one line: the log escapes line breaks inside a value
            LogRefused(file, ex.Errors.Count, lines);
            await state.Audit.WriteAsync(new AuditEntry(Who, "config-reload-refused", subject, $"{ex.Errors.Count} error(s); the running configuration stays: {string.Join(" | ", ex.Errors)}"), cancellationToken).ConfigureAwait(false);
            return null;
        }

        if (stillCurrent is not null && !stillCurrent())
        {
            // The files changed while they were read (or the read came back late): never apply an out-of-date read (FH-7).
            LogOutOfDate(file);
            return null;
        }

        masker.Add(edited.SecretValues);
        var pending = HostSettingsDifference.Of(running.Startup.Host, edited.Host);
        var changes = await supervisor.ApplyAsync(edited.Pipelines, cancellationToken: cancellationToken).ConfigureAwait(false);
        running.Applied(edited, pending);
        LogReloaded(file, changes.Describe());
        if (pending.Count > 0)
        {
            LogHostSettingsPending(string.Join(", ", pending), file);
        }

        foreach (var (name, reason) in edited.SkippedPipelines)
        {
            LogSkipped(name, reason);
        }

        var details = changes.Describe() + (pending.Count == 0 ? string.Empty : $"; {string.Join(", ", pending)} applies at the next start");
        await state.Audit.WriteAsync(new AuditEntry(Who, "config-reloaded", subject, details), cancellationToken).ConfigureAwait(false);
        return changes;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "The configuration {File} changed again while it was read; that read is not applied, and the newer edit is read once it has settled")]
    private partial void LogOutOfDate(string file);

    [LoggerMessage(Level = LogLevel.Error, Message = "The edited configuration {File} is not applied: {Count} error(s); the running configuration stays until a valid edit arrives. Fix these and save again: {Errors}")]
    private partial void LogRefused(string file, int count, string errors);

    [LoggerMessage(Level = LogLevel.Information, Message = "Configuration {File} reloaded: {Changes}")]
    private partial void LogReloaded(string file, string changes);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Edited host settings {Keys} in {File} cannot change while the host runs: applies at the next start (restart the service to apply them)")]
    private partial void LogHostSettingsPending(string keys, string file);

    [LoggerMessage(Level = LogLevel.Error, Message = "Pipeline {Pipeline} is not started: {Reason}. Fix the plugin and restart the host.")]
    private partial void LogSkipped(string pipeline, string reason);
}

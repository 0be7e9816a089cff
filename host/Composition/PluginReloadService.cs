using ConnectorHost.Abstractions.State;
using ConnectorHost.Configuration;
using ConnectorHost.Logging;
using ConnectorHost.Pipelines;
using ConnectorHost.Plugins;
using ConnectorHost.State;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ConnectorHost.Composition;

/// <summary>
/// SDK-4: watches the plugins folder while the host runs (<c>host.reloadPlugins</c>). When a plugin's folder changed
/// and then stayed unchanged for <see cref="Settle"/>, the new version is loaded next to the old one; only when it
/// loads and the configuration binds against it do the pipelines using it drain (their run finishes), restart on the
/// new version, and the old load context unload. A version that fails to load leaves the old one running. Both are
/// logged, audited and shown on the dashboard's overview.
/// </summary>
internal sealed partial class PluginReloadService(
    RunningConfiguration running,
    PluginLoadReport plugins,
    Lazy<PipelineSupervisor> supervisor,
    IHostStateStore state,
    SecretMasker masker,
    TimeProvider clock,
    ILogger<PluginReloadService> logger) : BackgroundService
{
    /// <summary>How often the plugins folder is looked at.</summary>
    public static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(500);

    /// <summary>How long a changed folder must stay unchanged before it is reloaded (a copy in progress is not loaded).</summary>
    public static readonly TimeSpan Settle = TimeSpan.FromSeconds(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var folder = running.Startup.PluginsFolder;
        var loaded = PluginFolderSnapshot.Take(folder);
        var pending = new Dictionary<string, (string Fingerprint, DateTimeOffset Since)>(StringComparer.Ordinal);
        LogWatching(folder);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(Poll, clock, stoppingToken).ConfigureAwait(false);
                var now = PluginFolderSnapshot.Take(folder);
                foreach (var (path, fingerprint) in now)
                {
                    if (loaded.TryGetValue(path, out var known) && known == fingerprint)
                    {
                        pending.Remove(path);
                        continue;
                    }

                    if (!pending.TryGetValue(path, out var seen) || seen.Fingerprint != fingerprint)
                    {
                        pending[path] = (fingerprint, clock.GetUtcNow());
                        continue;
                    }

                    if (clock.GetUtcNow() - seen.Since < Settle)
                    {
                        continue;
                    }

                    pending.Remove(path);
                    loaded[path] = fingerprint;
                    await ReloadAsync(path, stoppingToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
#pragma warning disable CA1031 // a reload that fails unexpectedly must not end the watch, nor the host: the old version stays
            catch (Exception ex)
#pragma warning restore CA1031
            {
                LogWatchFailed(ex, folder, ex.Message);
            }
        }
    }

    /// <summary>Loads the new version of the plugin in <paramref name="folder"/> and moves its pipelines onto it.</summary>
    /// <param name="folder">The changed plugin folder.</param>
    /// <param name="cancellationToken">Stops before anything is applied.</param>
    /// <returns>True when the new version runs.</returns>
    public async Task<bool> ReloadAsync(string folder, CancellationToken cancellationToken)
    {
        var old = plugins.Plugins.FirstOrDefault(p => Path.GetFullPath(p.Folder).TrimEnd(Path.DirectorySeparatorChar) == folder.TrimEnd(Path.DirectorySeparatorChar));
        var failures = new List<PluginLoadFailure>();
        var loader = new McMasterPluginLoader { Unloadable = true, AllowWritableByOthers = running.Startup.Host.AllowPluginsWritableByOthers };
        var loadedPlugin = loader.LoadOne(folder, plugins.Plugins.Where(p => p != old), failures);
        if (loadedPlugin is null || failures.Count > 0)
        {
            loadedPlugin?.LoadContext?.Dispose();
            var reason = string.Join(" ", failures.Select(f => f.Reason));
            await RefuseAsync(folder, old, reason, cancellationToken).ConfigureAwait(false);
            return false;
        }

        HostConfiguration edited;
        var factories = plugins.Factories.Where(f => old is null || !old.Factories.Contains(f)).Concat(loadedPlugin.Factories).ToList();
        try
        {
            edited = ConfigurationLoader.Complete(ConfigurationLoader.Parse(running.Startup.File), factories, skipUnknownTypes: plugins.Failures.Count > 0, whyUnknown: plugins.WhyUnknown);
        }
        catch (ConfigurationException ex)
        {
            loadedPlugin.LoadContext?.Dispose();
            await RefuseAsync(folder, old, $"the configuration does not bind against it: {string.Join(" | ", ex.Errors)}", cancellationToken).ConfigureAwait(false);
            return false;
        }

        var affected = edited.Pipelines
            .Where(p => new[] { p.Source, p.Target, p.Task }.Any(c => c is not null && loadedPlugin.Factories.Contains(c.Factory)))
            .Select(p => p.Name)
            .ToHashSet(StringComparer.Ordinal);
        plugins.Replace(folder, loadedPlugin);
        masker.Add(edited.SecretValues);
        var changes = await supervisor.Value.ApplyAsync(edited.Pipelines, affected, cancellationToken).ConfigureAwait(false);
        running.Applied(edited, running.PendingHostSettings);
        old?.LoadContext?.Dispose(); // its pipelines have drained and their components are released: unload it

        var message = $"{loadedPlugin.Manifest} loaded from {loadedPlugin.AssemblyPath} (SHA-256 {loadedPlugin.Sha256}){(old is null ? string.Empty : $" in place of {old.Manifest.Version}")}; pipelines: {changes.Describe()}";
        plugins.Record(new PluginReload(clock.GetUtcNow(), folder, true, message));
        LogReloaded(folder, message);
        await state.Audit.WriteAsync(new AuditEntry("host", "plugin-reloaded", "plugin:" + Path.GetFileName(folder), message), cancellationToken).ConfigureAwait(false);
        return true;
    }

    private async Task RefuseAsync(string folder, LoadedPlugin? old, string reason, CancellationToken cancellationToken)
    {
        var stays = old is null ? "no earlier version was running" : $"{old.Manifest} keeps running";
        var message = $"the new version is not loaded: {reason} {stays}. Fix the plugin and copy its complete build output (dotnet publish) into the folder again.";
        plugins.Record(new PluginReload(clock.GetUtcNow(), folder, false, message));
        LogRefused(folder, message);
        await state.Audit.WriteAsync(new AuditEntry("host", "plugin-reload-refused", "plugin:" + Path.GetFileName(folder), message), cancellationToken).ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Watching the plugins folder {Folder}: a plugin folder replaced while the host runs is reloaded without a restart")]
    private partial void LogWatching(string folder);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Plugin {Folder} reloaded: {Message}. Its code runs inside the host; if you did not install it, stop the host and check the plugins folder")]
    private partial void LogReloaded(string folder, string message);

    [LoggerMessage(Level = LogLevel.Error, Message = "Plugin {Folder} changed, but {Message}")]
    private partial void LogRefused(string folder, string message);

    [LoggerMessage(Level = LogLevel.Error, Message = "Watching the plugins folder {Folder} failed: {Error}. The plugins running now stay; the watch goes on.")]
    private partial void LogWatchFailed(Exception exception, string folder, string error);
}

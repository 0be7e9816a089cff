using ConnectorHost.Configuration;
using ConnectorHost.Plugins;

namespace ConnectorHost.Composition;

/// <summary>
/// A configuration file read together with the plugins it names: the YAML's host block says where the plugins
/// are, the plugins' factories say what the pipelines may contain.
/// </summary>
/// <param name="Configuration">The validated configuration.</param>
/// <param name="Plugins">What was loaded, and what failed to load.</param>
internal sealed record ConfigurationSession(HostConfiguration Configuration, PluginLoadReport Plugins)
{
    /// <summary>Reads and validates a configuration, loading its plugins.</summary>
    /// <param name="file">The YAML file.</param>
    /// <param name="loader">Loads the plugins.</param>
    /// <param name="lenient">
    /// When plugins failed to load, skip the pipelines that use unknown component types instead of refusing the whole
    /// file (so every other pipeline still runs); used by <c>run</c>, never by <c>validate</c>.
    /// </param>
    /// <param name="secretsOnlyFor">Resolve only this pipeline's secrets (a <c>command</c> on one pipeline); all when null.</param>
    /// <param name="forRun">
    /// For <c>run</c>: with <c>host.reloadPlugins</c> on, the plugins load unloadable (collectible, from memory) so that
    /// a new version can replace them while the host runs.
    /// </param>
    /// <returns>The session.</returns>
    /// <exception cref="ConfigurationException">With every error found.</exception>
    public static ConfigurationSession Open(string file, IPluginLoader loader, bool lenient, string? secretsOnlyFor = null, bool forRun = false)
    {
        var parsed = ConfigurationLoader.Parse(file);
        if (forRun && parsed.Host.ReloadPlugins && loader is McMasterPluginLoader)
        {
            loader = new McMasterPluginLoader { Unloadable = true };
        }

        if (loader is McMasterPluginLoader mcmaster)
        {
            mcmaster.AllowWritableByOthers = parsed.Host.AllowPluginsWritableByOthers;
        }

        var plugins = parsed.Root is null ? new PluginLoadReport([], []) : loader.LoadAll(parsed.PluginsFolder);
        var configuration = ConfigurationLoader.Complete(parsed, plugins.Factories, skipUnknownTypes: lenient && plugins.Failures.Count > 0, secretsOnlyFor, plugins.WhyUnknown);
        return new ConfigurationSession(configuration, plugins);
    }

    /// <summary>
    /// The error of a command naming a pipeline that is not in the configuration, or that is there but cannot run
    /// because its plugin failed to load (SDK-8: then the plugin and its reason are named).
    /// </summary>
    /// <param name="pipeline">The name given.</param>
    /// <returns>The line, starting with <c>error:</c>.</returns>
    public string NoSuchPipeline(string pipeline) =>
        Configuration.SkippedPipelines.TryGetValue(pipeline, out var reason)
            ? $"error: pipeline '{pipeline}' in {Configuration.File} cannot run: {reason}"
            : $"error: there is no pipeline '{pipeline}' in {Configuration.File}. Known: {string.Join(", ", Configuration.Pipelines.Select(p => p.Name))}.";
}

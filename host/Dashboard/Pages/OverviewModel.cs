using ConnectorHost.Configuration;
using ConnectorHost.Pipelines;
using ConnectorHost.Plugins;

namespace ConnectorHost.Dashboard.Pages;

/// <summary>What the overview shows.</summary>
/// <param name="Navigation">The navigation.</param>
/// <param name="Running">The configuration the host runs on, and an edit it refused.</param>
/// <param name="Plugins">The loaded plugins, those that failed, and reloads.</param>
/// <param name="Statuses">Every pipeline's last and next run.</param>
public sealed record OverviewModel(Navigation Navigation, RunningConfiguration Running, PluginLoadReport Plugins, IReadOnlyDictionary<string, PipelineStatus> Statuses);

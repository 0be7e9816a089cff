using ConnectorHost.Configuration;
using ConnectorHost.Pipelines;
using ConnectorHost.Plugins;
using ConnectorHost.State;

namespace ConnectorHost.Dashboard.Pages;

/// <summary>What the overview shows.</summary>
/// <param name="Navigation">The navigation.</param>
/// <param name="Running">The configuration the host runs on, and an edit it refused.</param>
/// <param name="Plugins">The loaded plugins, those that failed, and reloads.</param>
/// <param name="Statuses">Every pipeline's last and next run.</param>
public sealed record OverviewModel(Navigation Navigation, RunningConfiguration Running, PluginLoadReport Plugins, IReadOnlyDictionary<string, PipelineStatus> Statuses)
{
    /// <summary>What needs a person, oldest first (UI-1).</summary>
    public IReadOnlyList<AttentionItem> Attention { get; init; } = [];

    /// <summary>A tile per connector with today's and this week's counts.</summary>
    public IReadOnlyList<ConnectorTile> Tiles { get; init; } = [];

    /// <summary>Each pipeline's lease: which host runs it, until when.</summary>
    public IReadOnlyDictionary<string, PipelineLeaseState> Leases { get; init; } = new Dictionary<string, PipelineLeaseState>();

    /// <summary>This host's name, as it holds leases.</summary>
    public string ThisHost { get; init; } = string.Empty;

    /// <summary>When the page was made.</summary>
    public DateTimeOffset Now { get; init; }
}

/// <summary>One thing that needs a person: what, since when, what to do and where.</summary>
/// <param name="Mark">red (support or the admin must act) or orange (an accountant instruction).</param>
/// <param name="What">What it is: an English text with {0}, {1}… for <paramref name="Arguments"/>, translated on the page.</param>
/// <param name="Arguments">The values in <paramref name="What"/>.</param>
/// <param name="Detail">Text from the data itself (an instruction's text, a run's summary), shown as it is; or null.</param>
/// <param name="Since">Since when (the oldest of them).</param>
/// <param name="ToDo">What to do, an English text translated on the page.</param>
/// <param name="Link">Where it is done.</param>
public sealed record AttentionItem(string Mark, string What, object[] Arguments, string? Detail, DateTimeOffset? Since, string ToDo, string Link);

/// <summary>A connector's tile: counts today, this week and now.</summary>
/// <param name="Name">The connector.</param>
/// <param name="Link">Its list or page.</param>
/// <param name="Rows">Its counts.</param>
/// <param name="Note">A line under the counts (the last sync), or null.</param>
public sealed record ConnectorTile(string Name, string Link, IReadOnlyList<TileRow> Rows, string? Note = null);

/// <summary>One count of a tile.</summary>
/// <param name="Label">What is counted (English, translated on the page; domain words stay Dutch).</param>
/// <param name="Today">Today, or null when not counted by day.</param>
/// <param name="Week">This week, or null.</param>
/// <param name="Now">How many there are now, or null.</param>
/// <param name="Link">A list of them, or null.</param>
public sealed record TileRow(string Label, long? Today, long? Week, long? Now, string? Link = null);

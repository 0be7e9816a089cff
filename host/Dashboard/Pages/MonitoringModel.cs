using ConnectorHost.Abstractions.State;
using ConnectorHost.State;

namespace ConnectorHost.Dashboard.Pages;

/// <summary>What the monitoring page shows.</summary>
/// <param name="Navigation">The navigation.</param>
/// <param name="Dossier">The dossier filtered on, or null for all.</param>
/// <param name="All">Every task, or only failed tasks and tasks with an instruction.</param>
/// <param name="After">The page's key, or null on the first page.</param>
/// <param name="Page">The tasks of this page (those that need a person first), the next page's key and the totals.</param>
/// <param name="Instructions">The instructions of the tasks shown and the pipelines' open ones, by id.</param>
public sealed record MonitoringModel(
    Navigation Navigation, string? Dossier, bool All, MonitoringCursor? After, MonitoringListPage Page, IReadOnlyDictionary<long, StoredInstruction> Instructions)
{
    /// <summary>The tasks of this page.</summary>
    public IReadOnlyList<QueuedTask> Tasks => Page.Rows;

    /// <summary>The query string of this filter on another page.</summary>
    /// <param name="after">The page's key, or null for the first page.</param>
    /// <returns>The query string ("" or "?...").</returns>
    public string Query(MonitoringCursor? after = null) =>
        PageText.Query(("dossier", Dossier), ("all", All ? "true" : null), ("after", after?.ToString()));
}

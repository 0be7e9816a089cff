using ConnectorHost.Abstractions.State;
using ConnectorHost.State;

namespace ConnectorHost.Dashboard.Pages;

/// <summary>What the tasks list shows.</summary>
/// <param name="Navigation">The navigation.</param>
/// <param name="Filter">The filter and the page, as asked.</param>
/// <param name="Page">The tasks of this page, the next page's key and the totals by status.</param>
public sealed record TasksModel(Navigation Navigation, ListFilter Filter, ListPage<QueuedTask, QueuedTaskStatus> Page)
{
    /// <summary>The statuses the filter offers.</summary>
    public static IReadOnlyList<string> Statuses { get; } = Enum.GetNames<QueuedTaskStatus>();

    /// <summary>The colour of a task's row, besides its status written out: red failed, green done.</summary>
    /// <param name="status">The status.</param>
    /// <returns>The class.</returns>
    public static string Mark(QueuedTaskStatus status) => status switch
    {
        QueuedTaskStatus.Failed => "red",
        QueuedTaskStatus.Done => "green",
        _ => string.Empty,
    };
}

using ConnectorHost.State;

namespace ConnectorHost.Dashboard.Pages;

/// <summary>What a list of records shows (UI-4): the Certipost relations, the CaseWare Cloud clients or contact persons.</summary>
/// <param name="Navigation">The navigation.</param>
/// <param name="List">Which list.</param>
/// <param name="Filter">The filter and the page, as asked.</param>
/// <param name="Page">The records of this page, the next page's key and the totals by status.</param>
public sealed record RecordsModel(Navigation Navigation, RecordList List, ListFilter Filter, ListPage<RecordRow, string> Page)
{
    /// <summary>The statuses the filter offers: those the filter finds, and the one chosen.</summary>
    public IReadOnlyList<string> Statuses => AuditModel.Statuses(Page.Totals, Filter.Status);

    /// <summary>
    /// The colour of a record's row, besides its status written out: red when refused (CaseWare Cloud's rejected),
    /// orange when the office must act (not sent, Certipost's not admitted), green when done (sent, confirmed).
    /// </summary>
    /// <param name="status">The status as the plugin writes it.</param>
    /// <returns>The class.</returns>
    public static string Mark(string status) => status switch
    {
        "rejected" => "red",
        "not-sent" or "NotAdmitted" => "orange",
        "sent" or "Confirmed" => "green",
        _ => string.Empty,
    };
}

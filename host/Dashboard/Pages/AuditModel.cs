using ConnectorHost.State;

namespace ConnectorHost.Dashboard.Pages;

/// <summary>What the audit log's list shows (UI-4).</summary>
/// <param name="Navigation">The navigation.</param>
/// <param name="Filter">The filter and the page, as asked.</param>
/// <param name="Page">The lines of this page, the next page's key and the totals by action.</param>
public sealed record AuditModel(Navigation Navigation, ListFilter Filter, ListPage<AuditRow, string> Page)
{
    /// <summary>The actions the filter offers: those the filter finds (the totals ignore the action chosen), and the one chosen.</summary>
    public IReadOnlyList<string> Actions => Statuses(Page.Totals, Filter.Status);

    /// <summary>The statuses a list of text statuses offers: those its totals count, and the one chosen.</summary>
    /// <param name="totals">The totals by status of the filter.</param>
    /// <param name="chosen">The status chosen, or null.</param>
    /// <returns>The statuses, in order.</returns>
    public static IReadOnlyList<string> Statuses(IReadOnlyDictionary<string, long> totals, string? chosen)
    {
        ArgumentNullException.ThrowIfNull(totals);
        return [.. totals.Keys.Append(chosen).OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
    }

    /// <summary>The colour of a line, besides its action written out: red for a failure or refusal.</summary>
    /// <param name="action">The action.</param>
    /// <returns>The class.</returns>
    public static string Mark(string action) =>
        action.Contains("failed", StringComparison.Ordinal) || action.Contains("refused", StringComparison.Ordinal) ? "red" : string.Empty;
}

using ConnectorHost.State;

namespace ConnectorHost.Dashboard.Pages;

/// <summary>What the documents page shows.</summary>
/// <param name="Navigation">The navigation.</param>
/// <param name="Filter">The filter and the page, as asked.</param>
/// <param name="Page">The documents of this page, the next page's key and the totals by status.</param>
public sealed record DocumentsModel(Navigation Navigation, ListFilter Filter, ListPage<LedgerEntry, LedgerStatus> Page);

/// <summary>The status filters of the documents page and how a ledger status reads there.</summary>
public static class DocumentFilters
{
    /// <summary>The filter of decided documents whose file could not be moved (CO-15).</summary>
    public const string NotPutAway = "not put away";

    /// <summary>The statuses as the filter offers them, each with the ledger statuses it covers (none: see <see cref="NotPutAway"/>).</summary>
    public static IReadOnlyList<(string Name, LedgerStatus[]? Statuses)> All { get; } =
    [
        ("pending", [LedgerStatus.Pending]),
        ("approved", [LedgerStatus.Approved]),
        ("rejected", [LedgerStatus.Rejected]),
        ("not found", [LedgerStatus.ClientNotFound]),
        ("refused", [LedgerStatus.Refused]),
        ("error", [LedgerStatus.Refused, LedgerStatus.Withdrawn, LedgerStatus.FinallyFailed, LedgerStatus.Retrying]),
        ("submitting", [LedgerStatus.Submitting]),
        (NotPutAway, null),
    ];

    /// <summary>The list query of a filter.</summary>
    /// <param name="filter">The filter.</param>
    /// <param name="limit">Rows per page.</param>
    /// <returns>The query.</returns>
    public static DocumentListQuery Query(ListFilter filter, int limit = ListFilter.PageSize)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var status = All.FirstOrDefault(f => f.Name == filter.Status);
        return new DocumentListQuery
        {
            Statuses = status.Statuses ?? (Enum.TryParse<LedgerStatus>(filter.Status, out var exact) ? [exact] : null),
            OnlyNotPutAway = status.Name == NotPutAway,
            Pipeline = filter.Pipeline,
            Client = filter.Client,
            Search = filter.Search,
            From = filter.FromMoment,
            Until = filter.UntilMoment,
            After = filter.After,
            Limit = limit,
        };
    }

    /// <summary>How a document's status reads (the portal's own word in brackets), and the colour of its row; a document not put away is red (CO-15).</summary>
    /// <param name="entry">The document.</param>
    /// <returns>The label and the row's class (empty for none).</returns>
    public static (string Label, string Mark) Describe(LedgerEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var (label, mark) = Describe(entry.Status);
        return entry.PutAwayProblem is null ? (label, mark) : ($"{label}, not put away", "red");
    }

    /// <summary>How a ledger status reads, and its colour.</summary>
    /// <param name="status">The status.</param>
    /// <returns>The label and the class.</returns>
    public static (string Label, string Mark) Describe(LedgerStatus status) => status switch
    {
        LedgerStatus.Pending => ("pending", string.Empty),
        LedgerStatus.Approved => ("approved (Goedgekeurd)", "green"),
        LedgerStatus.Rejected => ("rejected (Afgekeurd)", "orange"),
        LedgerStatus.ClientNotFound => ("not found (Niet gevonden)", "orange"),
        LedgerStatus.Submitting => ("submitting", string.Empty),
        LedgerStatus.Retrying => ("error, retrying", "orange"),
        LedgerStatus.Refused => ("refused", "red"),
        LedgerStatus.Withdrawn => ("withdrawn", "orange"),
        LedgerStatus.FinallyFailed => ("error: finally failed (definitief mislukt)", "red"),
        _ => (status.ToString(), string.Empty),
    };

    /// <summary>The reason shown: why the file was not put away (CO-15), then the portal's reason.</summary>
    /// <param name="entry">The document.</param>
    /// <param name="texts">The page's texts (UI-6), or null for English (the CSV download).</param>
    /// <returns>The text.</returns>
    public static string? Reason(LedgerEntry entry, Microsoft.Extensions.Localization.IStringLocalizer<Texts>? texts = null)
    {
        ArgumentNullException.ThrowIfNull(entry);
        const string notPutAwayText = "Not put away: {0}. {1}";
        return entry.PutAwayProblem is not { } problem ? entry.Reason
            : texts is null ? string.Format(System.Globalization.CultureInfo.InvariantCulture, notPutAwayText, problem, entry.Reason)
            : texts[notPutAwayText, problem, entry.Reason ?? string.Empty];
    }

    /// <summary>The period a document covers.</summary>
    /// <param name="entry">The document.</param>
    /// <returns>The text.</returns>
    public static string Period(LedgerEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return (entry.PeriodFrom, entry.PeriodTo) switch
        {
            (null, null) => string.Empty,
            ({ } from, { } to) => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{from:yyyy-MM-dd} – {to:yyyy-MM-dd}"),
            (var from, var to) => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{from:yyyy-MM-dd}{to:yyyy-MM-dd}"),
        };
    }
}

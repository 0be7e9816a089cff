using ConnectorHost.State;

namespace ConnectorHost.Dashboard.Pages;

/// <summary>What the documents page shows.</summary>
/// <param name="Navigation">The navigation.</param>
/// <param name="Search">The KvK number or file name searched for, as typed.</param>
/// <param name="Status">The status filter, as chosen.</param>
/// <param name="Entries">The documents found, at most <see cref="DocumentFilters.Limit"/>.</param>
public sealed record DocumentsModel(Navigation Navigation, string? Search, string? Status, IReadOnlyList<LedgerEntry> Entries);

/// <summary>The status filters of the documents page and how a ledger status reads there.</summary>
public static class DocumentFilters
{
    /// <summary>The most documents one page lists.</summary>
    public const int Limit = 500;

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

    /// <summary>How a document's status reads, and the colour of its row; a document not put away is red (CO-15).</summary>
    /// <param name="entry">The document.</param>
    /// <returns>The label and the row's class (empty for none).</returns>
    public static (string Label, string Mark) Describe(LedgerEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var (label, mark) = entry.Status switch
        {
            LedgerStatus.Pending => ("pending", string.Empty),
            LedgerStatus.Approved => ("approved", "green"),
            LedgerStatus.Rejected => ("rejected", "orange"),
            LedgerStatus.ClientNotFound => ("not found", "orange"),
            LedgerStatus.Submitting => ("submitting", string.Empty),
            LedgerStatus.Retrying => ("error, retrying", "orange"),
            LedgerStatus.Refused => ("refused", "red"),
            LedgerStatus.Withdrawn => ("withdrawn", "orange"),
            LedgerStatus.FinallyFailed => ("error: finally failed", "red"),
            _ => (entry.Status.ToString(), string.Empty),
        };
        return entry.PutAwayProblem is null ? (label, mark) : ($"{label}, not put away", "red");
    }

    /// <summary>The reason shown: why the file was not put away (CO-15), then the portal's reason.</summary>
    /// <param name="entry">The document.</param>
    /// <returns>The text.</returns>
    public static string? Reason(LedgerEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return entry.PutAwayProblem is { } problem ? $"Not put away: {problem}. {entry.Reason}" : entry.Reason;
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

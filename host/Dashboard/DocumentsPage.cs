using System.Globalization;
using System.Text;
using ConnectorHost.State;
using static ConnectorHost.Dashboard.Html;

namespace ConnectorHost.Dashboard;

/// <summary>
/// The documents submitted for accordering and those refused before submission (CO-17): client, type, period, status
/// (pending, approved, rejected, not found, refused, error), reason and times, newest first; searchable by KvK number
/// (or hidden id) and file name. A decided document that could not be put away says why and what to do (CO-15).
/// </summary>
internal sealed class DocumentsPage(IDocumentLedger ledger)
{
    private const int Limit = 500;

    /// <summary>The statuses as the filter offers them, each with the ledger statuses it covers.</summary>
    private static readonly (string Name, LedgerStatus[]? Statuses)[] Filters =
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

    /// <summary>The filter of decided documents whose file could not be moved (CO-15).</summary>
    private const string NotPutAway = "not put away";

    public async Task<string> RenderAsync(string? search, string? status, Navigation navigation, CancellationToken cancellationToken)
    {
        var filter = Filters.FirstOrDefault(f => f.Name == status);
        var entries = await ledger.ListAsync(
            new LedgerQuery(Statuses: filter.Statuses, Search: string.IsNullOrWhiteSpace(search) ? null : search.Trim(), Limit: Limit) { OnlyNotPutAway = filter.Name == NotPutAway },
            cancellationToken).ConfigureAwait(false);
        var query = string.Join("&", new[] { ("q", search), ("status", status) }.Where(p => !string.IsNullOrEmpty(p.Item2)).Select(p => $"{p.Item1}={U(p.Item2!)}"));
        var body = new StringBuilder(LiveSwitch("/documents", query.Length == 0 ? string.Empty : "?" + query, navigation.Live));
        body.Append(CultureInfo.InvariantCulture, $"<form method=\"get\" action=\"/documents\">KvK number or file name <input name=\"q\" value=\"{E(search)}\"> Status <select name=\"status\"><option value=\"\">all</option>");
        foreach (var (name, _) in Filters)
        {
            body.Append(CultureInfo.InvariantCulture, $"<option{(name == status ? " selected" : string.Empty)}>{E(name)}</option>");
        }

        body.Append("</select> <button>Search</button></form>");
        body.Append(CultureInfo.InvariantCulture, $"<p>{entries.Count} document{(entries.Count == 1 ? string.Empty : "s")}{(entries.Count == Limit ? $" (the newest {Limit}; narrow the search)" : string.Empty)}, newest first.</p>");
        body.Append("<table id=\"documents\"><tr><th>Status</th><th>File</th><th>Client</th><th>Type</th><th>Period</th><th>Reason</th><th>Pipeline</th><th>First seen</th><th>Last change</th><th>Failed attempts</th></tr>");
        foreach (var entry in entries.OrderByDescending(e => e.UpdatedAt))
        {
            var (label, mark) = entry.PutAwayProblem is null ? Describe(entry.Status) : ($"{Describe(entry.Status).Label}, not put away", "red");
            var reason = entry.PutAwayProblem is { } problem ? $"Not put away: {problem}. {entry.Reason}" : entry.Reason;
            body.Append(CultureInfo.InvariantCulture, $"<tr class=\"{mark}\" data-file=\"{E(entry.FileName)}\"><td class=\"status\">{E(label)}</td><td>{E(entry.FileName)}</td><td>{E(entry.ClientNumber)}</td><td>{E(entry.DocumentType)}</td>")
                .Append(CultureInfo.InvariantCulture, $"<td>{E(Period(entry))}</td><td class=\"reason\">{E(reason)}</td><td>{E(entry.Pipeline)}</td><td>{E(Time(entry.CreatedAt))}</td><td>{E(Time(entry.UpdatedAt))}</td><td>{entry.Attempts}</td></tr>");
        }

        body.Append("</table>");
        return Page("Documents", body.ToString(), navigation);
    }

    private static (string Label, string Mark) Describe(LedgerStatus status) => status switch
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
        _ => (status.ToString(), string.Empty),
    };

    private static string Period(LedgerEntry entry) => (entry.PeriodFrom, entry.PeriodTo) switch
    {
        (null, null) => string.Empty,
        ({ } from, { } to) => $"{from:yyyy-MM-dd} – {to:yyyy-MM-dd}",
        (var from, var to) => $"{from:yyyy-MM-dd}{to:yyyy-MM-dd}",
    };
}

using System.Globalization;
using ConnectorHost.Abstractions.Commands;

namespace ConnectorHost.Plugins.ClientOnline.Import;

/// <summary>The outcome of a dry run or an import, line by line.</summary>
internal sealed class ImportReport(string file, bool dryRun)
{
    private static readonly string[] Columns = ["Line", "KvK", "Hidden id", "Name", "Group", "Branch", "Status", "Reason"];

    public string File { get; } = file;

    public bool DryRun { get; } = dryRun;

    /// <summary>The worksheet read, or null for a CSV file.</summary>
    public string? Sheet { get; init; }

    /// <summary>Hidden worksheets passed over.</summary>
    public IReadOnlyList<string> SkippedHiddenSheets { get; init; } = [];

    /// <summary>The file and sheet: <c>clients.xlsx, sheet 'Klanten'</c>.</summary>
    public string Source => Path.GetFileName(File) + (Sheet is null ? string.Empty : $", sheet '{Sheet}'")
        + (SkippedHiddenSheets.Count == 0 ? string.Empty : $" (hidden sheet{(SkippedHiddenSheets.Count > 1 ? "s" : "")} {string.Join(", ", SkippedHiddenSheets.Select(s => "'" + s + "'"))} skipped)");

    public List<ReportRow> Rows { get; } = [];

    public int Count(string status) => Rows.Count(r => r.Status == status);

    public string Summary
    {
        get
        {
            var counts = Rows.GroupBy(r => r.Status).Select(g => string.Create(CultureInfo.InvariantCulture, $"{g.Count()} {g.Key.ToLowerInvariant()}"));
            var repaired = Rows.Count(r => r.Mark == RowMark.Warning);
            return (DryRun ? "Dry run of " : "Import of ") + Source + ": " + (Rows.Count == 0 ? "no lines" : string.Join(", ", counts))
                + (repaired == 0 ? string.Empty : string.Create(CultureInfo.InvariantCulture, $"; {repaired} with repaired values (see Reason)"));
        }
    }

    public void Add(int line, ClientRow? row, string status, string reason, RowMark mark, string? group = null) =>
        Rows.Add(new ReportRow(line, row?.KvkNumber, row?.HiddenId, row?.Name, group ?? row?.Group, row?.Branch, status, reason, mark));

    public ResultTable Table() => new(
        (DryRun ? "Dry run: " : "Import: ") + Source,
        Columns,
        [.. Rows.Select(r => new ResultRow([
            r.Line.ToString(CultureInfo.InvariantCulture), r.Kvk ?? "", r.HiddenId ?? "", r.Name ?? "", r.Group ?? "", r.Branch ?? "", r.Status, r.Reason])
        {
            Mark = r.Mark,
        })])
    {
        EmptyText = "The export has no lines below its header.",
    };
}

/// <summary>One line of an <see cref="ImportReport"/>.</summary>
internal sealed record ReportRow(int Line, string? Kvk, string? HiddenId, string? Name, string? Group, string? Branch, string Status, string Reason, RowMark Mark);

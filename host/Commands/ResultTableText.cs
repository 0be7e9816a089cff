using System.Text;
using ConnectorHost.Abstractions.Commands;
using ConnectorHost.Logging;

namespace ConnectorHost.Commands;

/// <summary>
/// Writes a command's result as plain text for the console: the summary, then each table with aligned columns.
/// Cells come from outside (relations, clients, files): their control characters are escaped (SEC-4).
/// </summary>
internal static class ResultTableText
{
    private const int MaxCellWidth = 60;

    public static string Render(AdminCommandResult result)
    {
        var text = new StringBuilder();
        text.AppendLine(ControlCharacters.Escape(result.Summary));
        foreach (var table in result.Tables)
        {
            text.AppendLine().AppendLine($"{table.Title} ({table.Rows.Count})");
            if (table.Rows.Count == 0)
            {
                text.AppendLine($"  {table.EmptyText}");
                continue;
            }

            var widths = table.Columns.Select((c, i) => Math.Min(MaxCellWidth, table.Rows.Select(r => Cell(r, i).Length).Append(c.Length).Max())).ToList();
            text.AppendLine("  " + Line(table.Columns, widths, string.Empty));
            text.AppendLine("  " + string.Join("  ", widths.Select(w => new string('-', w))));
            foreach (var row in table.Rows)
            {
                var mark = row.Mark switch { RowMark.Error => "  <- error", RowMark.Warning => "  <- attention", _ => string.Empty };
                text.AppendLine("  " + Line([.. table.Columns.Select((_, i) => Cell(row, i))], widths, mark));
            }
        }

        return text.ToString();
    }

    private static string Cell(ResultRow row, int index) => index < row.Cells.Count ? ControlCharacters.Escape(row.Cells[index]) : string.Empty;

    private static string Line(IReadOnlyList<string> cells, IReadOnlyList<int> widths, string suffix)
    {
        var parts = cells.Select((c, i) => i == cells.Count - 1 ? c : Fit(c, widths[i]).PadRight(widths[i]));
        return (string.Join("  ", parts) + suffix).TrimEnd();
    }

    private static string Fit(string value, int width) => value.Length <= width ? value : string.Concat(value.AsSpan(0, width - 1), "…");
}

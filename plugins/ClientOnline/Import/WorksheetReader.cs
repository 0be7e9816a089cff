using System.Globalization;
using ClosedXML.Excel;

namespace ConnectorHost.Plugins.ClientOnline.Import;

/// <summary>The rows of one worksheet, read as a person sees them.</summary>
/// <param name="Sheet">The worksheet's name.</param>
/// <param name="Lines">Its rows, from the first used one.</param>
/// <param name="SkippedHiddenSheets">Hidden worksheets passed over before it.</param>
internal sealed record WorksheetRows(string Sheet, IReadOnlyList<RawLine> Lines, IReadOnlyList<string> SkippedHiddenSheets);

/// <summary>
/// Reads an .xlsx worksheet the way a person sees it (PO-8, PO-9, PO-10): the first visible worksheet unless the YAML
/// names one; a merged cell's value in every row it spans; a number cell whose format shows leading zeros
/// (<c>00000000</c>) read as shown.
/// </summary>
internal static class WorksheetReader
{
    public static WorksheetRows Read(string name, string path, string? sheet, ImportLimits limits)
    {
        XLWorkbook workbook;
        using var file = ImportFile.OpenRead(name, path, 4096);
        try
        {
            workbook = new XLWorkbook(file);
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or FormatException or ArgumentException or InvalidOperationException)
        {
            throw new ImportFileException($"{name}: not a readable .xlsx workbook ({ex.Message}). Save the export from Excel as 'Excel Workbook (.xlsx)'.");
        }

        using (workbook)
        {
            var (worksheet, skipped) = Choose(name, workbook, sheet);
            var used = worksheet.RangeUsed();
            if (used is null)
            {
                return new WorksheetRows(worksheet.Name, [], skipped);
            }

            var firstRow = used.FirstRow().RowNumber();
            var lastRow = used.LastRow().RowNumber();
            var firstColumn = used.FirstColumn().ColumnNumber();
            var lastColumn = used.LastColumn().ColumnNumber();
            var width = lastColumn - firstColumn + 1;
            var where = $"{name}, sheet '{worksheet.Name}'";

            // FH-5: the used range is checked before anything is made for it (two cells far apart span a million rows),
            // and only rows that hold a cell get an array: an empty row shares one empty array.
            limits.CheckRange(where, lastRow - firstRow + 1, width, string.Create(CultureInfo.InvariantCulture, $"{XLHelper.GetColumnLetterFromNumber(firstColumn)}{firstRow}:{XLHelper.GetColumnLetterFromNumber(lastColumn)}{lastRow}"));
            var cells = new string[lastRow - firstRow + 1][];
            Array.Fill(cells, []);
            string[] RowOf(int row) => cells[row - firstRow] is { Length: > 0 } existing ? existing : cells[row - firstRow] = NewRow(width);
            foreach (var cell in worksheet.CellsUsed())
            {
                var address = cell.Address;
                var text = Text(cell);
                limits.CheckCell($"{where}, cell {address.ToStringRelative()}", text.Length);
                if (text.Length > 0)
                {
                    RowOf(address.RowNumber)[address.ColumnNumber - firstColumn] = text;
                }
            }

            // Merged cells: Excel keeps the value in the top-left cell only; a person sees it in every cell of the range.
            var problems = new Dictionary<int, string>();
            long merged = 0;
            foreach (var range in worksheet.MergedRanges)
            {
                var top = range.FirstRow().RowNumber();
                var bottom = range.LastRow().RowNumber();
                var left = range.FirstColumn().ColumnNumber();
                var right = range.LastColumn().ColumnNumber();
                var value = Text(range.FirstCell());
                var rows = Math.Max(0, Math.Min(bottom, lastRow) - Math.Max(top, firstRow) + 1);
                var columns = Math.Max(0, Math.Min(right, lastColumn) - Math.Max(left, firstColumn) + 1);
                merged += (long)rows * columns;
                if (merged > ImportLimits.MaxMergedCells)
                {
                    throw new ImportFileException(string.Create(CultureInfo.InvariantCulture, $"{where}: refused: its merged ranges cover more than {ImportLimits.MaxMergedCells:N0} cells. Nothing was imported; unmerge the cells."));
                }

                for (var row = Math.Max(top, firstRow); row <= Math.Min(bottom, lastRow); row++)
                {
                    if (value.Length > 0)
                    {
                        var line = RowOf(row);
                        for (var column = Math.Max(left, firstColumn); column <= Math.Min(right, lastColumn); column++)
                        {
                            line[column - firstColumn] = value;
                        }
                    }

                    if (right > left && value.Length > 0)
                    {
                        problems.TryAdd(row, $"cells {range.RangeAddress.ToStringRelative()} are merged across {right - left + 1} columns, so one value would land in several fields; unmerge them");
                    }
                }
            }

            var lines = new List<RawLine>(cells.Length);
            for (var row = firstRow; row <= lastRow; row++)
            {
                lines.Add(new RawLine(row, cells[row - firstRow], problems.GetValueOrDefault(row)));
            }

            return new WorksheetRows(worksheet.Name, lines, skipped);
        }
    }

    private static string[] NewRow(int width)
    {
        var row = new string[width];
        Array.Fill(row, string.Empty);
        return row;
    }

    /// <summary>The named worksheet (also a hidden one: the YAML chose it), or the first visible one.</summary>
    private static (IXLWorksheet Sheet, IReadOnlyList<string> SkippedHidden) Choose(string name, XLWorkbook workbook, string? sheet)
    {
        string All() => string.Join(", ", workbook.Worksheets.Select(w => "'" + w.Name + "'" + (w.Visibility == XLWorksheetVisibility.Visible ? "" : " (hidden)")));
        if (!string.IsNullOrWhiteSpace(sheet))
        {
            return workbook.Worksheets.TryGetWorksheet(sheet, out var named)
                ? (named, [])
                : throw new ImportFileException($"{name}: the workbook has no worksheet '{sheet}'; it has {All()}. Correct 'sheet'.");
        }

        var visible = workbook.Worksheets.FirstOrDefault(w => w.Visibility == XLWorksheetVisibility.Visible)
            ?? throw new ImportFileException(workbook.Worksheets.Count == 0
                ? $"{name}: the workbook has no worksheet."
                : $"{name}: every worksheet is hidden ({All()}). Name the one to import with 'sheet:'.");
        var hidden = workbook.Worksheets.TakeWhile(w => w != visible).Where(w => w.Visibility != XLWorksheetVisibility.Visible).Select(w => w.Name).ToList();
        return (visible, hidden);
    }

    /// <summary>
    /// A cell's text, trimmed: a whole number in a cell whose format pads it with zeros (<c>00000000</c>, how Excel shows
    /// a KvK number with its leading zero) as shown, otherwise its value.
    /// </summary>
    private static string Text(IXLCell cell)
    {
        var value = cell.GetString().Trim();
        if (cell.DataType != XLDataType.Number || value.Length == 0 || !value.All(char.IsAsciiDigit))
        {
            return value;
        }

        var format = cell.Style.NumberFormat.Format;
        return !string.IsNullOrEmpty(format) && format.All(c => c == '0') && format.Length > value.Length ? value.PadLeft(format.Length, '0') : value;
    }
}

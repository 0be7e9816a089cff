using System.Globalization;
using System.Text;
using ClosedXML.Excel;

namespace ConnectorHost.Plugins.ClientOnline.Import;

/// <summary>A file the import cannot read at all; the message names the file and the line and says what to do.</summary>
internal sealed class ImportFileException(string message) : Exception(message);

/// <summary>One data line of an export: its line number (the CSV line or the worksheet row) and its cells by heading.</summary>
/// <param name="Line">The line in the file, 1 being the header.</param>
/// <param name="Cells">The cell texts, trimmed, in header order.</param>
/// <param name="Problem">Why the line cannot be read as a row (a wrong number of fields), or null.</param>
internal sealed record ExportLine(int Line, IReadOnlyList<string> Cells, string? Problem);

/// <summary>
/// An export read into memory: the headings of its first line and its data lines. CSV must be UTF-8 (with or without
/// BOM), separated by comma or semicolon; .xlsx is read from the first (or the named) worksheet. Completely empty
/// lines are left out; every other line comes back, with a problem when it cannot be read as a row.
/// </summary>
internal sealed class ExportTable
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private ExportTable(string fileName, IReadOnlyList<string> headings, IReadOnlyList<ExportLine> lines)
    {
        FileName = fileName;
        Headings = headings;
        Lines = lines;
    }

    public string FileName { get; }

    public IReadOnlyList<string> Headings { get; }

    public IReadOnlyList<ExportLine> Lines { get; }

    /// <summary>Reads a .csv or .xlsx file.</summary>
    /// <param name="path">The file.</param>
    /// <param name="delimiter">The CSV separator.</param>
    /// <param name="sheet">The worksheet of an .xlsx; null for the first.</param>
    /// <returns>The table.</returns>
    /// <exception cref="ImportFileException">The file is missing, not UTF-8, empty or of another type.</exception>
    public static ExportTable Read(string path, CsvDelimiter delimiter, string? sheet)
    {
        var name = Path.GetFileName(path);
        if (!File.Exists(path))
        {
            throw new ImportFileException($"{name}: the file does not exist ({path}).");
        }

        return Path.GetExtension(path).ToUpperInvariant() switch
        {
            ".CSV" or ".TXT" => ReadCsv(name, File.ReadAllBytes(path), delimiter),
            ".XLSX" or ".XLSM" => ReadXlsx(name, path, sheet),
            var other => throw new ImportFileException($"{name}: a {other} file cannot be imported; save the export as .csv (UTF-8) or .xlsx."),
        };
    }

    /// <summary>Reads CSV bytes.</summary>
    public static ExportTable ReadCsv(string name, byte[] bytes, CsvDelimiter delimiter)
    {
        var text = DecodeUtf8(name, bytes);
        var firstLine = text.Split('\n', 2)[0].TrimEnd('\r');
        if (firstLine.Trim().Length == 0)
        {
            throw new ImportFileException($"{name}, line 1: the file is empty or starts with an empty line; the first line must hold the column headings.");
        }

        var separator = delimiter switch
        {
            CsvDelimiter.Comma => ",",
            CsvDelimiter.Semicolon => ";",
            _ => Detect(firstLine),
        };
        IReadOnlyList<string>? headings = null;
        var lines = new List<ExportLine>();
        foreach (var (line, raw) in CsvRecords.Parse(text, separator[0]))
        {
            var cells = raw.Select(c => c.Trim()).ToList();
            if (headings is null)
            {
                headings = cells;
                continue;
            }

            if (cells.All(c => c.Length == 0))
            {
                continue;
            }

            var problem = cells.Count == headings.Count
                ? null
                : string.Create(CultureInfo.InvariantCulture, $"the line has {cells.Count} values but the header has {headings.Count} columns; is there a '{separator}' in a value without quotes around it?");
            lines.Add(new ExportLine(line, cells, problem));
        }

        return new ExportTable(name, headings ?? [], lines) { Separator = separator };
    }

    /// <summary>The CSV separator used, or null for .xlsx.</summary>
    public string? Separator { get; private init; }

    private static ExportTable ReadXlsx(string name, string path, string? sheet)
    {
        XLWorkbook workbook;
        try
        {
            workbook = new XLWorkbook(path);
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or FormatException or ArgumentException or InvalidOperationException)
        {
            throw new ImportFileException($"{name}: not a readable .xlsx workbook ({ex.Message}). Save the export from Excel as 'Excel Workbook (.xlsx)'.");
        }

        using (workbook)
        {
            IXLWorksheet worksheet;
            if (string.IsNullOrWhiteSpace(sheet))
            {
                worksheet = workbook.Worksheets.FirstOrDefault() ?? throw new ImportFileException($"{name}: the workbook has no worksheet.");
            }
            else if (!workbook.Worksheets.TryGetWorksheet(sheet, out worksheet))
            {
                throw new ImportFileException($"{name}: the workbook has no worksheet '{sheet}'; it has {string.Join(", ", workbook.Worksheets.Select(w => "'" + w.Name + "'"))}. Correct 'sheet'.");
            }

            var used = worksheet.RangeUsed();
            if (used is null)
            {
                throw new ImportFileException($"{name}, worksheet '{worksheet.Name}': the worksheet is empty; its first row must hold the column headings.");
            }

            var firstRow = used.FirstRow().RowNumber();
            var lastRow = used.LastRow().RowNumber();
            var firstColumn = used.FirstColumn().ColumnNumber();
            var lastColumn = used.LastColumn().ColumnNumber();
            string Cell(int row, int column) => worksheet.Cell(row, column).GetString().Trim();

            var headings = Enumerable.Range(firstColumn, lastColumn - firstColumn + 1).Select(c => Cell(firstRow, c)).ToList();
            while (headings.Count > 0 && headings[^1].Length == 0)
            {
                headings.RemoveAt(headings.Count - 1);
            }

            var lines = new List<ExportLine>();
            for (var row = firstRow + 1; row <= lastRow; row++)
            {
                var cells = Enumerable.Range(firstColumn, headings.Count).Select(c => Cell(row, c)).ToList();
                var extra = Enumerable.Range(firstColumn + headings.Count, Math.Max(0, lastColumn - firstColumn + 1 - headings.Count)).Any(c => Cell(row, c).Length > 0);
                if (cells.All(c => c.Length == 0) && !extra)
                {
                    continue;
                }

                lines.Add(new ExportLine(row, cells, extra ? "the row has values to the right of the last column heading" : null));
            }

            return new ExportTable(name, headings, lines);
        }
    }

    /// <summary>Decodes strict UTF-8 (a BOM is dropped); a byte that is not UTF-8 is reported with its line.</summary>
    private static string DecodeUtf8(string name, byte[] bytes)
    {
        var start = bytes.AsSpan().StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? 3 : 0;
        try
        {
            return StrictUtf8.GetString(bytes, start, bytes.Length - start);
        }
        catch (DecoderFallbackException)
        {
            var line = 1;
            var lineStart = start;
            for (var i = start; i < bytes.Length; i++)
            {
                if (bytes[i] == (byte)'\n')
                {
                    try
                    {
                        StrictUtf8.GetString(bytes, lineStart, i - lineStart);
                    }
                    catch (DecoderFallbackException)
                    {
                        break;
                    }

                    line++;
                    lineStart = i + 1;
                }
            }

            throw new ImportFileException(string.Create(
                CultureInfo.InvariantCulture,
                $"{name}, line {line}: the file is not UTF-8 (probably Windows-1252/ANSI, for example an é or ë saved by an older Excel). Save it as 'CSV UTF-8 (comma delimited)' and import again."));
        }
    }

    private static string Detect(string header)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal) { [","] = 0, [";"] = 0, ["\t"] = 0 };
        var quoted = false;
        foreach (var c in header)
        {
            if (c == '"')
            {
                quoted = !quoted;
            }
            else if (!quoted && counts.ContainsKey(c.ToString()))
            {
                counts[c.ToString()]++;
            }
        }

        var best = counts.OrderByDescending(p => p.Value).First();
        return best.Value == 0 ? "," : best.Key;
    }
}

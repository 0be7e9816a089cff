using System.Globalization;
using System.Text;
using ConnectorHost.Plugins.Normalisation;

namespace ConnectorHost.Plugins.ClientOnline.Import;

/// <summary>A file the import cannot read at all; the message names the file, the sheet and the line and says what to do.</summary>
internal sealed class ImportFileException(string message) : Exception(message);

/// <summary>One data line of an export: its line number (the CSV line or the worksheet row) and its cells by heading.</summary>
/// <param name="Line">The line in the file (the CSV line or the worksheet row).</param>
/// <param name="Cells">The cell texts, trimmed, in header order.</param>
/// <param name="Problem">Why the line cannot be read as a row (a wrong number of fields), or null.</param>
internal sealed record ExportLine(int Line, IReadOnlyList<string> Cells, string? Problem);

/// <summary>One line of a file as read, before the header is known.</summary>
internal sealed record RawLine(int Line, IReadOnlyList<string> Cells, string? Problem = null);

/// <summary>Where the header is and what it should hold: the header row given in the YAML, or the headings to look for.</summary>
/// <param name="HeaderRow">The header's line or row (1-based); null to find it.</param>
/// <param name="Expected">The headings the header should hold, to find it among the first lines.</param>
internal sealed record HeaderSearch(int? HeaderRow, IReadOnlyList<string> Expected)
{
    /// <summary>How many lines from the top the header is looked for in.</summary>
    public const int SearchDepth = 20;
}

/// <summary>
/// An export read into memory: the headings of its header line and its data lines. CSV must be UTF-8 (with or without
/// BOM), separated by comma or semicolon; .xlsx is read from the first visible (or the named) worksheet (PO-8), with
/// merged cells spread over every row they span (PO-9). The header is the line given in the YAML or, by default, the
/// line among the first 20 that holds most of the expected headings, so a title block above it is skipped. Completely
/// empty lines are left out; every other line comes back, with a problem when it cannot be read as a row.
/// </summary>
internal sealed class ExportTable
{
    private ExportTable(string fileName, string? sheet, int headerLine, IReadOnlyList<string> headings, IReadOnlyList<ExportLine> lines)
    {
        FileName = fileName;
        Sheet = sheet;
        HeaderLine = headerLine;
        Headings = headings;
        Lines = lines;
    }

    public string FileName { get; }

    /// <summary>The worksheet read, or null for a CSV file.</summary>
    public string? Sheet { get; }

    /// <summary>The hidden worksheets passed over to find the first visible one.</summary>
    public IReadOnlyList<string> SkippedHiddenSheets { get; private set; } = [];

    /// <summary>The header's line (CSV) or row (worksheet).</summary>
    public int HeaderLine { get; }

    public IReadOnlyList<string> Headings { get; }

    public IReadOnlyList<ExportLine> Lines { get; }

    /// <summary>The CSV separator used, or null for .xlsx.</summary>
    public string? Separator { get; private set; }

    /// <summary>The file and sheet, for messages: <c>clients.xlsx, sheet 'Klanten'</c> or <c>clients.csv</c>.</summary>
    public string Source => Sheet is null ? FileName : $"{FileName}, sheet '{Sheet}'";

    /// <summary>Names one line: <c>clients.xlsx, sheet 'Klanten', row 5</c> or <c>clients.csv, line 5</c>.</summary>
    public string Where(int line) => string.Create(CultureInfo.InvariantCulture, $"{Source}, {(Sheet is null ? "line" : "row")} {line}");

    /// <summary>Reads a .csv or .xlsx file.</summary>
    /// <param name="path">The file.</param>
    /// <param name="delimiter">The CSV separator.</param>
    /// <param name="sheet">The worksheet of an .xlsx; null for the first visible one.</param>
    /// <param name="header">Where the header is, or what it holds.</param>
    /// <param name="limits">How large a file is read (FH-5).</param>
    /// <returns>The table.</returns>
    /// <exception cref="ImportFileException">The file is missing, not UTF-8, empty, over a limit or of another type.</exception>
    public static ExportTable Read(string path, CsvDelimiter delimiter, string? sheet, HeaderSearch header, ImportLimits limits)
    {
        var name = Path.GetFileName(path);
        var file = ImportFile.Check(name, path);
        return Path.GetExtension(path).ToUpperInvariant() switch
        {
            ".CSV" or ".TXT" => ReadCsv(name, limits.ReadAllBytes(name, file), delimiter, header, limits),
            ".XLSX" or ".XLSM" => ReadXlsx(name, file, sheet, header, limits),
            var other => throw new ImportFileException($"{name}: a {other} file cannot be imported; save the export as .csv (UTF-8) or .xlsx."),
        };
    }

    /// <summary>Reads CSV bytes.</summary>
    public static ExportTable ReadCsv(string name, byte[] bytes, CsvDelimiter delimiter, HeaderSearch header, ImportLimits limits)
    {
        var text = CsvText.Decode(name, bytes);
        var firstLines = text.Split('\n', HeaderSearch.SearchDepth + 1).Take(HeaderSearch.SearchDepth).Select(l => l.TrimEnd('\r')).ToList();
        if (firstLines.All(l => l.Trim().Length == 0))
        {
            throw new ImportFileException($"{name}, line 1: the file is empty; a line must hold the column headings.");
        }

        var separator = delimiter switch
        {
            CsvDelimiter.Comma => ",",
            CsvDelimiter.Semicolon => ";",
            _ => CsvText.Detect(header.HeaderRow is { } row && row <= firstLines.Count ? [firstLines[row - 1]] : firstLines),
        };
        var raw = new List<RawLine>();
        foreach (var (line, cells) in CsvRecords.Parse(text, separator[0], (line, count, length) =>
                 {
                     limits.CheckCell(Where(line), length);
                     limits.CheckColumns(Where(line), count);
                 }))
        {
            limits.CheckRows(name, raw.Count + 1);
            raw.Add(new RawLine(line, cells.Select(c => c.Trim()).ToList()));
        }

        string Where(int line) => string.Create(CultureInfo.InvariantCulture, $"{name}, line {line}");
        var table = Build(name, null, raw, header, "line");
        table.Separator = separator;
        return table;
    }

    private static ExportTable ReadXlsx(string name, string path, string? sheet, HeaderSearch header, ImportLimits limits)
    {
        limits.CheckWorkbook(name, path);
        var read = WorksheetReader.Read(name, path, sheet, limits);
        var table = Build(name, read.Sheet, read.Lines, header, "row");
        table.SkippedHiddenSheets = read.SkippedHiddenSheets;
        return table;
    }

    /// <summary>Finds the header among the lines and turns the lines below it into data lines.</summary>
    private static ExportTable Build(string name, string? sheet, IReadOnlyList<RawLine> raw, HeaderSearch search, string lineWord)
    {
        var where = sheet is null ? name : $"{name}, sheet '{sheet}'";
        var nonEmpty = raw.Where(r => r.Cells.Any(c => c.Length > 0)).ToList();
        if (nonEmpty.Count == 0)
        {
            throw new ImportFileException($"{where}: {(sheet is null ? "the file" : "the worksheet")} is empty; a {lineWord} must hold the column headings.");
        }

        RawLine headerLine;
        if (search.HeaderRow is { } row)
        {
            headerLine = raw.FirstOrDefault(r => r.Line == row) ?? throw new ImportFileException(string.Create(
                CultureInfo.InvariantCulture, $"{where}: 'headerRow: {row}' is below the last {lineWord} ({raw[^1].Line}). Correct 'headerRow'."));
            if (headerLine.Cells.All(c => c.Length == 0))
            {
                throw new ImportFileException(string.Create(CultureInfo.InvariantCulture, $"{where}, {lineWord} {row}: 'headerRow: {row}' points at an empty {lineWord}. Correct 'headerRow'."));
            }
        }
        else
        {
            headerLine = FindHeader(nonEmpty.Take(HeaderSearch.SearchDepth).ToList(), search.Expected);
        }

        var headings = headerLine.Cells.ToList();
        while (sheet is not null && headings.Count > 0 && headings[^1].Length == 0)
        {
            headings.RemoveAt(headings.Count - 1);
        }

        var lines = new List<ExportLine>();
        foreach (var line in raw.Where(r => r.Line > headerLine.Line))
        {
            var cells = line.Cells.Take(headings.Count).ToList();
            while (cells.Count < headings.Count && sheet is not null)
            {
                cells.Add(string.Empty);
            }

            var extra = line.Cells.Skip(headings.Count).Any(c => c.Length > 0);
            if (cells.All(c => c.Length == 0) && !extra)
            {
                continue;
            }

            var problem = line.Problem;
            if (sheet is null && line.Cells.Count != headings.Count)
            {
                problem ??= string.Create(CultureInfo.InvariantCulture, $"the line has {line.Cells.Count} values but the header has {headings.Count} columns; is there a separator in a value without quotes around it?");
                cells = [.. line.Cells];
            }
            else if (extra)
            {
                problem ??= $"the {lineWord} has values to the right of the last column heading";
            }

            lines.Add(new ExportLine(line.Line, cells, problem));
        }

        return new ExportTable(name, sheet, headerLine.Line, headings, lines);
    }

    /// <summary>The line among the first ones that holds most expected headings; the first non-empty line when none holds any.</summary>
    private static RawLine FindHeader(IReadOnlyList<RawLine> candidates, IReadOnlyList<string> expected)
    {
        var wanted = expected.Where(e => !string.IsNullOrWhiteSpace(e)).Select(e => e.Trim()).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var best = candidates[0];
        var bestScore = 0;
        foreach (var line in candidates)
        {
            var score = line.Cells.Count(c => wanted.Contains(c.Trim()));
            if (score > bestScore)
            {
                best = line;
                bestScore = score;
            }
        }

        return best;
    }
}

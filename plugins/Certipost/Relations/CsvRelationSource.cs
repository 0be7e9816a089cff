using System.Text;
using ConnectorHost.Plugins.Normalisation;

namespace ConnectorHost.Plugins.Certipost;

/// <summary>Reads relations from the package's CSV export (RFC 4180): UTF-8 with or without BOM, columns found by header name.</summary>
internal sealed class CsvRelationSource(string path, char delimiter, RelationColumns columns) : IRelationSource
{
    /// <summary>
    /// The largest export read (FH-5): 50 MB, hundreds of thousands of relations. A larger file is refused before it is
    /// read into memory, also when it grows while being read.
    /// </summary>
    internal const long MaxFileBytes = 50L * 1024 * 1024;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private static readonly char[] LikelyDelimiters = [';', ',', '\t', '|'];

    private string FileName => System.IO.Path.GetFileName(path);

    /// <summary>Reads the delimiter setting: one character, or <c>tab</c>.</summary>
    public static char? ParseDelimiter(string? text) => text switch
    {
        null => null,
        _ when text.Equals("tab", StringComparison.OrdinalIgnoreCase) || text == "\\t" => '\t',
        { Length: 1 } => text[0],
        _ => null,
    };

    public async Task<IReadOnlyList<Relation>> ReadAsync(CancellationToken cancellationToken)
    {
        byte[] bytes;
        try
        {
            bytes = await ReadBoundedAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new RelationSourceException($"The relation export {path} does not exist. Export the relations from the accounting package to that file.", e);
        }

        var text = Decode(bytes);
        var configured = columns.Configured();
        var records = Parse(text).Where(r => !r.Fields.All(string.IsNullOrWhiteSpace)).ToList();
        if (records.Count == 0)
        {
            throw new RelationSourceException($"{FileName} is empty: line 1 should be the header naming the columns ({string.Join(delimiter, configured.Select(c => c.Column))}).", 1);
        }

        var (headerLine, header) = records[0];
        header = header.Select(h => h.Trim()).ToArray();
        if (header.Length == 1 && configured.Count > 1)
        {
            var likely = LikelyDelimiters.Where(d => d != delimiter).OrderByDescending(d => header[0].Count(ch => ch == d)).First();
            var hint = header[0].Contains(likely, StringComparison.Ordinal)
                ? $" The file seems to use '{Show(likely)}': set 'delimiter: \"{Show(likely)}\"' or export with '{Show(delimiter)}'."
                : string.Empty;
            throw new RelationSourceException(
                $"{FileName}, line {headerLine}: the header has one column (\"{Shorten(header[0])}\") while {configured.Count} are configured: wrong delimiter? The delimiter is '{Show(delimiter)}'.{hint}",
                headerLine);
        }

        var indexes = new Dictionary<RelationField, int>();
        var missing = new List<string>();
        foreach (var (field, column) in configured)
        {
            var index = Array.FindIndex(header, h => string.Equals(h, column, StringComparison.OrdinalIgnoreCase));
            if (index < 0)
            {
                missing.Add($"'{column}' ({CertipostNames.Label(field)})");
            }
            else
            {
                indexes[field] = index;
            }
        }

        if (missing.Count > 0)
        {
            var s = missing.Count == 1 ? string.Empty : "s";
            throw new RelationSourceException(
                $"{FileName}, line {headerLine} (the header): missing column{s} {string.Join(", ", missing)}. The header has: {string.Join(", ", header.Select(h => $"'{h}'"))}. Add the column{s} to the export or change 'columns' in the settings.",
                headerLine);
        }

        var needed = indexes.Values.Max() + 1;
        var relations = new RelationListBuilder(columns.Number, line => $"{FileName}, line {line}", (first, line) => $"{FileName}, lines {first} and {line}");
        foreach (var (line, record) in records.Skip(1))
        {
            if (record.Length < needed)
            {
                throw new RelationSourceException(
                    $"{FileName}, line {line}: {record.Length} column{(record.Length == 1 ? string.Empty : "s")} where the header (line {headerLine}) has {header.Length}.",
                    line);
            }

            string Field(RelationField field) => indexes.TryGetValue(field, out var i) ? record[i].Trim() : string.Empty;
            relations.Add(Field, line);
        }

        return relations.Relations;
    }

    /// <summary>Reads the whole file, never more than <see cref="MaxFileBytes"/>.</summary>
    private async Task<byte[]> ReadBoundedAsync(CancellationToken cancellationToken)
    {
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1, useAsync: true);
        await using (stream.ConfigureAwait(false))
        {
            using var memory = new MemoryStream((int)Math.Min(stream.Length, MaxFileBytes));
            var buffer = new byte[81920];
            int read;
            while (memory.Length <= MaxFileBytes && stream.Length <= MaxFileBytes
                   && (read = await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                memory.Write(buffer, 0, read);
            }

            return memory.Length > MaxFileBytes || stream.Length > MaxFileBytes
                ? throw new RelationSourceException(string.Create(
                    System.Globalization.CultureInfo.InvariantCulture,
                    $"{FileName} is {Math.Max(memory.Length, stream.Length) / (1024 * 1024.0):0.0} MB, more than the {MaxFileBytes / (1024 * 1024)} MB a relation export may be: it is refused and nothing is read. Export only the relations (no attachments, no other tables), or split the export."))
                : memory.ToArray();
        }
    }

    /// <summary>
    /// Splits RFC 4180 CSV into records, each with the line it starts on: fields may be quoted, a quoted field may
    /// hold the delimiter, line breaks and doubled quotes.
    /// </summary>
    private List<(int Line, string[] Fields)> Parse(string text)
    {
        var records = new List<(int, string[])>();
        var fields = new List<string>();
        var field = new StringBuilder();
        var line = 1;
        var recordLine = 1;
        var quoteLine = 0;
        var inQuotes = false;
        var wasQuoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (inQuotes)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    inQuotes = false;
                }
                else
                {
                    if (c == '\n')
                    {
                        line++;
                    }

                    field.Append(c);
                }

                continue;
            }

            if (c == '"' && field.ToString().Trim().Length == 0 && !wasQuoted)
            {
                field.Clear();
                inQuotes = true;
                wasQuoted = true;
                quoteLine = line;
            }
            else if (c == delimiter)
            {
                fields.Add(field.ToString());
                field.Clear();
                wasQuoted = false;
            }
            else if (c is '\r' or '\n')
            {
                if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                {
                    i++;
                }

                fields.Add(field.ToString());
                records.Add((recordLine, fields.ToArray()));
                fields.Clear();
                field.Clear();
                wasQuoted = false;
                line++;
                recordLine = line;
            }
            else if (wasQuoted && !char.IsWhiteSpace(c))
            {
                throw new RelationSourceException($"{FileName}, line {line}: text after a closing quote. A quote inside a quoted field must be doubled (\"\").", line);
            }
            else if (!wasQuoted)
            {
                field.Append(c);
            }
        }

        if (inQuotes)
        {
            throw new RelationSourceException($"{FileName}, line {quoteLine}: a quote is opened and never closed.", quoteLine);
        }

        if (field.Length > 0 || fields.Count > 0)
        {
            fields.Add(field.ToString());
            records.Add((recordLine, fields.ToArray()));
        }

        return records;
    }

    /// <summary>Decodes strict UTF-8 (a BOM is skipped); an invalid byte sequence is reported with its line.</summary>
    private string Decode(byte[] bytes)
    {
        if (Utf16Sniffer.Detect(bytes) is { } utf16)
        {
            throw new RelationSourceException($"{FileName} is saved as UTF-16 ({utf16}{(bytes is [0xFF, 0xFE, ..] or [0xFE, 0xFF, ..] ? string.Empty : ", without a byte order mark")}). Save it as UTF-8 (in Excel: 'CSV UTF-8').", 1);
        }

        var start = bytes is [0xEF, 0xBB, 0xBF, ..] ? 3 : 0;
        try
        {
            return StrictUtf8.GetString(bytes, start, bytes.Length - start);
        }
        catch (DecoderFallbackException)
        {
            var line = 1;
            var lineStart = start;
            for (var i = start; i <= bytes.Length; i++)
            {
                if (i < bytes.Length && bytes[i] != (byte)'\n')
                {
                    continue;
                }

                try
                {
                    StrictUtf8.GetString(bytes, lineStart, i - lineStart);
                }
                catch (DecoderFallbackException e)
                {
                    var bad = e.BytesUnknown is { Length: > 0 } unknown ? $" (byte{(unknown.Length == 1 ? string.Empty : "s")} {string.Join(" ", unknown.Select(b => $"0x{b:X2}"))})" : string.Empty;
                    throw new RelationSourceException(
                        $"{FileName}, line {line}: invalid UTF-8 byte sequence{bad}. The file must be saved as UTF-8 (in Excel: 'CSV UTF-8'); it is probably Windows-1252 or ISO-8859-1.",
                        e,
                        line);
                }

                line++;
                lineStart = i + 1;
            }

            throw;
        }
    }

    private static string Show(char c) => c == '\t' ? "tab" : c.ToString();

    private static string Shorten(string text) => text.Length <= 60 ? text : text[..57] + "...";
}

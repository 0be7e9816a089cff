using System.Text;
using Microsoft.AspNetCore.Http;

namespace ConnectorHost.Dashboard;

/// <summary>
/// A list as a CSV download (UI-4): UTF-8 with a byte order mark (Excel reads the accents), a semicolon between
/// fields as a Dutch Excel expects, fields quoted where needed, and a cell that would start a formula
/// (<c>= + - @</c>) prefixed with an apostrophe, so that a file name from outside cannot run in a spreadsheet.
/// </summary>
internal static class CsvDownload
{
    /// <summary>The most rows one download holds; the last line says so when there are more.</summary>
    public const int MaxRows = 100_000;

    /// <summary>
    /// The rows read at a time: a filter whose order no index gives (two statuses, newest first) is sorted once per
    /// page, so a few large pages rather than many small ones; 5,000 rows stay a few MB.
    /// </summary>
    public const int PageSize = 5_000;

    /// <summary>Writes the header and the rows, read page by page, to the response.</summary>
    public static async Task WriteAsync<T>(HttpContext context, string fileName, string[] header, Func<string?, Task<(IReadOnlyList<T> Rows, string? Next)>> page, Func<T, string?[]> cells)
    {
        context.Response.ContentType = "text/csv; charset=utf-8";
        context.Response.Headers.ContentDisposition = $"attachment; filename=\"{fileName}\"";
        // A 64 KB buffer: with the default 1 KB, a 1.8 MB download went out in thousands of small writes to the response.
        var writer = new StreamWriter(context.Response.Body, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), bufferSize: 64 * 1024);
        await using (writer.ConfigureAwait(false))
        {
            // The lines are appended to one builder and handed to the writer 32 K characters at a time: one await per
            // few hundred lines instead of per line, and no string per line or per joined cell list.
            var lines = new StringBuilder(BatchChars + 4_096);
            Append(lines, header);
            string? after = null;
            var written = 0;
            do
            {
                var (rows, next) = await page(after).ConfigureAwait(false);
                foreach (var row in rows)
                {
                    Append(lines, cells(row));
                    if (lines.Length >= BatchChars)
                    {
                        await writer.WriteAsync(lines, context.RequestAborted).ConfigureAwait(false);
                        lines.Clear();
                    }
                }

                written += rows.Count;
                after = next;
            }
            while (after is not null && written < MaxRows);
            if (after is not null)
            {
                Append(lines, [$"(stopped after {MaxRows} rows: narrow the filter)"]);
            }

            await writer.WriteAsync(lines, context.RequestAborted).ConfigureAwait(false);
        }
    }

    /// <summary>The characters gathered before they are written to the response.</summary>
    private const int BatchChars = 32 * 1024;

    /// <summary>Appends one CSV line (with its line break).</summary>
    public static void Append(StringBuilder line, IReadOnlyList<string?> cells)
    {
        ArgumentNullException.ThrowIfNull(line);
        ArgumentNullException.ThrowIfNull(cells);
        for (var i = 0; i < cells.Count; i++)
        {
            if (i > 0)
            {
                line.Append(';');
            }

            AppendCell(line, cells[i]);
        }

        line.Append(Environment.NewLine);
    }

    private static void AppendCell(StringBuilder line, string? value)
    {
        var text = value ?? string.Empty;
        var formula = text.Length > 0 && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r';
        if (text.AsSpan().IndexOfAny(";\"\r\n") < 0)
        {
            line.Append(formula ? "'" : string.Empty).Append(text);
            return;
        }

        line.Append('"');
        if (formula)
        {
            line.Append('\'');
        }

        line.Append(text.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
    }
}

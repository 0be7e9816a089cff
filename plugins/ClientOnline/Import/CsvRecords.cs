using System.Text;

namespace ConnectorHost.Plugins.ClientOnline.Import;

/// <summary>
/// A small RFC 4180 reader: values separated by one character, optionally in double quotes (a quote inside doubled),
/// line breaks inside quotes kept. Each record comes with the line it starts on, so messages can name it.
/// </summary>
internal static class CsvRecords
{
    /// <summary>The records of <paramref name="text"/>.</summary>
    /// <param name="text">The file's text.</param>
    /// <param name="separator">The separator.</param>
    /// <param name="checkCell">
    /// Called with the record's line, the number of cells so far and the cell's length as each cell ends, before it is
    /// kept (FH-5: it throws when a limit is passed, so a line of a million separators is not kept whole).
    /// </param>
    /// <returns>Each record with the line it starts on.</returns>
    public static IEnumerable<(int Line, List<string> Cells)> Parse(string text, char separator, Action<int, int, int>? checkCell = null)
    {
        var line = 1;
        var i = 0;
        while (i < text.Length)
        {
            var start = line;
            var cells = new List<string>();
            var cell = new StringBuilder();
            var quoted = false;
            var atCellStart = true;
            for (; i < text.Length; i++)
            {
                var c = text[i];
                if (quoted)
                {
                    if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                    {
                        cell.Append('"');
                        i++;
                    }
                    else if (c == '"')
                    {
                        quoted = false;
                    }
                    else
                    {
                        if (c == '\n')
                        {
                            line++;
                        }

                        cell.Append(c);
                    }
                }
                else if (c == '"' && atCellStart)
                {
                    quoted = true;
                    atCellStart = false;
                }
                else if (c == separator)
                {
                    checkCell?.Invoke(start, cells.Count + 1, cell.Length);
                    cells.Add(cell.ToString());
                    cell.Clear();
                    atCellStart = true;
                }
                else if (c == '\n' || c == '\r')
                {
                    if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                    {
                        i++;
                    }

                    i++;
                    line++;
                    break;
                }
                else
                {
                    if (!(atCellStart && c == ' '))
                    {
                        atCellStart = false;
                    }

                    cell.Append(c);
                }
            }

            checkCell?.Invoke(start, cells.Count + 1, cell.Length);
            cells.Add(cell.ToString());
            yield return (start, cells);
        }
    }
}

using System.Globalization;
using System.Text;
using ConnectorHost.Plugins.Normalisation;

namespace ConnectorHost.Plugins.ClientOnline.Import;

/// <summary>A CSV export's bytes as text: strict UTF-8 (a BOM is dropped), UTF-16 named as such, and its separator.</summary>
internal static class CsvText
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Decodes strict UTF-8 (a BOM is dropped); UTF-16 and a byte that is not UTF-8 are reported, the latter with its line.</summary>
    /// <exception cref="ImportFileException">The file is not UTF-8.</exception>
    public static string Decode(string name, byte[] bytes)
    {
        if (Utf16Sniffer.Detect(bytes) is { } utf16)
        {
            throw new ImportFileException($"{name}: the file is {utf16} (Excel's 'Unicode text'), not UTF-8. Save it as 'CSV UTF-8 (comma delimited)' and import again.");
        }

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

    /// <summary>The one of comma, semicolon and tab that a line holds most of (outside quotes); comma when none.</summary>
    public static string Detect(IEnumerable<string> lines)
    {
        var best = (Separator: ",", Count: 0);
        foreach (var line in lines)
        {
            var counts = new Dictionary<char, int> { [','] = 0, [';'] = 0, ['\t'] = 0 };
            var quoted = false;
            foreach (var c in line)
            {
                if (c == '"')
                {
                    quoted = !quoted;
                }
                else if (!quoted && counts.ContainsKey(c))
                {
                    counts[c]++;
                }
            }

            var top = counts.OrderByDescending(p => p.Value).First();
            if (top.Value > best.Count)
            {
                best = (top.Key.ToString(), top.Value);
            }
        }

        return best.Separator;
    }
}

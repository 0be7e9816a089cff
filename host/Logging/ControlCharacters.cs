using System.Globalization;
using System.Text;

namespace ConnectorHost.Logging;

/// <summary>
/// Makes text from outside (file names, dossier and journal names from the platform, relation names) safe to write
/// on one line of a log file or a terminal (SEC-4): line breaks, escape sequences and every other control or
/// direction-changing character is written as a visible escape (<c>\r</c>, <c>\n</c>, <c>\u001b</c>), so a value
/// can neither forge a log line nor move the terminal's cursor or colours.
/// </summary>
public static class ControlCharacters
{
    /// <summary>The text with every control character escaped; the same instance when there is none.</summary>
    /// <param name="value">The text, or null.</param>
    /// <returns>The escaped text ("" for null).</returns>
    public static string Escape(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return string.Empty;
        }

        var first = IndexOfUnsafe(value);
        if (first < 0)
        {
            return value;
        }

        var text = new StringBuilder(value.Length + 8).Append(value, 0, first);
        for (var i = first; i < value.Length; i++)
        {
            var c = value[i];
            if (!IsUnsafe(c))
            {
                text.Append(c);
                continue;
            }

            text.Append(c switch
            {
                '\r' => "\\r",
                '\n' => "\\n",
                '\t' => "\\t",
                _ => "\\u" + ((int)c).ToString("x4", CultureInfo.InvariantCulture),
            });
        }

        return text.ToString();
    }

    private static int IndexOfUnsafe(string value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            if (IsUnsafe(value[i]))
            {
                return i;
            }
        }

        return -1;
    }

    // C0 and C1 controls (ESC, CR, LF, BEL, DEL, CSI …), the line and paragraph separators, and the bidirectional
    // overrides and isolates that make a terminal show text in another order than it is.
    private static bool IsUnsafe(char c) =>
        char.IsControl(c)
        || c is '\u2028' or '\u2029'
        || c is >= '\u202A' and <= '\u202E'
        || c is >= '\u2066' and <= '\u2069'
        || c is '\u200E' or '\u200F' or '\u061C';
}

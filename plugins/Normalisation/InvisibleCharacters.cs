using System.Globalization;
using System.Text;

namespace ConnectorHost.Plugins.Normalisation;

/// <summary>
/// Characters nobody sees but every comparison does: zero-width spaces and joiners, the BOM, the soft hyphen and the
/// direction marks copy-paste from web pages and PDFs leaves behind; and the non-breaking and other Unicode spaces
/// that look like a plain space.
/// </summary>
public static class InvisibleCharacters
{
    private static readonly Dictionary<char, string> Names = new()
    {
        ['\u00AD'] = "SOFT HYPHEN",
        ['\u180E'] = "MONGOLIAN VOWEL SEPARATOR",
        ['\u200B'] = "ZERO WIDTH SPACE",
        ['\u200C'] = "ZERO WIDTH NON-JOINER",
        ['\u200D'] = "ZERO WIDTH JOINER",
        ['\u200E'] = "LEFT-TO-RIGHT MARK",
        ['\u200F'] = "RIGHT-TO-LEFT MARK",
        ['\u202A'] = "LEFT-TO-RIGHT EMBEDDING",
        ['\u202B'] = "RIGHT-TO-LEFT EMBEDDING",
        ['\u202C'] = "POP DIRECTIONAL FORMATTING",
        ['\u202D'] = "LEFT-TO-RIGHT OVERRIDE",
        ['\u202E'] = "RIGHT-TO-LEFT OVERRIDE",
        ['\u2060'] = "WORD JOINER",
        ['\u2066'] = "LEFT-TO-RIGHT ISOLATE",
        ['\u2067'] = "RIGHT-TO-LEFT ISOLATE",
        ['\u2068'] = "FIRST STRONG ISOLATE",
        ['\u2069'] = "POP DIRECTIONAL ISOLATE",
        ['\uFEFF'] = "BYTE ORDER MARK (ZERO WIDTH NO-BREAK SPACE)",
    };

    /// <summary>Whether the character is invisible (zero-width, BOM, soft hyphen, a direction mark).</summary>
    /// <param name="c">The character.</param>
    /// <returns>Whether it is.</returns>
    public static bool IsInvisible(char c) => Names.ContainsKey(c);

    /// <summary>Whether the character is white space other than the plain space, tab and line breaks (a non-breaking space, a thin space …).</summary>
    /// <param name="c">The character.</param>
    /// <returns>Whether it is.</returns>
    public static bool IsUnusualSpace(char c) => char.IsWhiteSpace(c) && c is not (' ' or '\t' or '\r' or '\n');

    /// <summary>The character's code point and Unicode name, for messages: <c>U+200B ZERO WIDTH SPACE</c>.</summary>
    /// <param name="c">The character.</param>
    /// <returns>The description.</returns>
    public static string Describe(char c) => string.Create(CultureInfo.InvariantCulture, $"U+{(int)c:X4}") + (Names.TryGetValue(c, out var name) ? " " + name
        : c == '\u00A0' ? " NO-BREAK SPACE"
        : c == '\u202F' ? " NARROW NO-BREAK SPACE"
        : char.IsWhiteSpace(c) ? " SPACE" : string.Empty);

    /// <summary>
    /// The text with every invisible character, unusual space and control character shown as <c>&lt;U+200B&gt;</c>, so
    /// that a message about a value that looks right shows why it is not.
    /// </summary>
    /// <param name="text">The text.</param>
    /// <returns>The text as a person can read it.</returns>
    public static string Visible(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!text.Any(Hidden))
        {
            return text;
        }

        var builder = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            builder.Append(Hidden(c) ? string.Create(CultureInfo.InvariantCulture, $"<U+{(int)c:X4}>") : c.ToString());
        }

        return builder.ToString();
    }

    /// <summary>
    /// Removes invisible characters and turns unusual spaces into plain ones; says what it did.
    /// </summary>
    /// <param name="text">The text.</param>
    /// <param name="warnings">Gets one line per kind of character removed or replaced.</param>
    /// <returns>The text without them.</returns>
    public static string Strip(string text, ICollection<string> warnings)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(warnings);
        if (!text.Any(c => IsInvisible(c) || IsUnusualSpace(c)))
        {
            return text;
        }

        var removed = new SortedSet<char>();
        var replaced = new SortedSet<char>();
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (IsInvisible(c))
            {
                removed.Add(c);
            }
            else if (IsUnusualSpace(c))
            {
                replaced.Add(c);
                builder.Append(' ');
            }
            else
            {
                builder.Append(c);
            }
        }

        if (removed.Count > 0)
        {
            warnings.Add($"removed invisible character{(removed.Count > 1 ? "s" : "")} {string.Join(", ", removed.Select(Describe))} (left by copy-paste)");
        }

        if (replaced.Count > 0)
        {
            warnings.Add($"read {string.Join(", ", replaced.Select(Describe))} as a plain space");
        }

        return builder.ToString();
    }

    private static bool Hidden(char c) => IsInvisible(c) || IsUnusualSpace(c) || (char.IsControl(c) && c is not ('\r' or '\n' or '\t'));
}

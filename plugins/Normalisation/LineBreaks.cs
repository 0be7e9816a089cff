using System.Text.RegularExpressions;

namespace ConnectorHost.Plugins.Normalisation;

/// <summary>
/// Line breaks inside a field that goes to a one-line target (a street, a name): a quoted CSV value or an Excel cell
/// with Alt+Enter holds them. They are joined with ", " and the office is told, never sent as they are.
/// </summary>
public static partial class LineBreaks
{
    /// <summary>Whether the text holds a line break (CR, LF, vertical tab, form feed, NEL, line or paragraph separator).</summary>
    /// <param name="text">The text.</param>
    /// <returns>Whether it does.</returns>
    public static bool Contain(string text) => text is not null && Breaks().IsMatch(text);

    /// <summary>Joins the lines of a one-line field with ", ".</summary>
    /// <param name="text">The text.</param>
    /// <param name="field">The field's name, for the warning.</param>
    /// <param name="warnings">Gets one line when the text held line breaks.</param>
    /// <returns>The text on one line.</returns>
    public static string Join(string text, string field, ICollection<string> warnings)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(warnings);
        if (!Contain(text))
        {
            return text;
        }

        var parts = Breaks().Split(text).Select(p => p.Trim()).Where(p => p.Length > 0);
        var joined = string.Join(", ", parts);
        warnings.Add($"{field} had line breaks; joined into one line: '{joined}'");
        return joined;
    }

    [GeneratedRegex("\r\n|[\r\n\v\f\u0085\u2028\u2029]")]
    private static partial Regex Breaks();
}

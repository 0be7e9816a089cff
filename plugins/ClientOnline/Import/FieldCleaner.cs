using ConnectorHost.Plugins.Normalisation;

namespace ConnectorHost.Plugins.ClientOnline.Import;

/// <summary>
/// Cleans the fields of one line with the shared rules and collects what it repaired (warnings) and what it refused
/// (problems), so the dry run shows both before anything is created.
/// </summary>
internal sealed class FieldCleaner
{
    public List<string> Problems { get; } = [];

    public List<string> Warnings { get; } = [];

    /// <summary>Applies a rule to a value that is there; a refusal becomes a problem, labelled when the rule's message does not name the field.</summary>
    /// <returns>The cleaned value, or the value as it was when refused; null when there is none.</returns>
    public string? Apply(string? value, Func<string, Cleaned> rule, string? label = null)
    {
        if (value is null)
        {
            return null;
        }

        var cleaned = rule(value);
        string Named(string text) => label is null || text.StartsWith(label, StringComparison.OrdinalIgnoreCase) ? text : label + ": " + text;
        Warnings.AddRange(cleaned.Warnings.Select(Named));
        if (cleaned.Problem is { } problem)
        {
            Problems.Add(Named(problem));
            return cleaned.Value;
        }

        return cleaned.Value;
    }

    /// <summary>
    /// A one-line text (a name, a street, a city): invisible characters removed, line breaks joined with ", ", both
    /// with a warning; text that looks double-encoded (<c>CafÃ©</c>) is refused with its likely original.
    /// </summary>
    public string? Text(string? value, string field)
    {
        if (value is null)
        {
            return null;
        }

        var repairs = new List<string>();
        var text = LineBreaks.Join(InvisibleCharacters.Strip(value, repairs).Trim(), field, repairs);
        Warnings.AddRange(repairs.Select(r => r.StartsWith(field, StringComparison.Ordinal) ? r : field + ": " + r));
        if (DoubleEncoding.Problem(text) is { } problem)
        {
            Problems.Add(field + ": " + problem);
        }

        return text.Length == 0 ? null : text;
    }
}

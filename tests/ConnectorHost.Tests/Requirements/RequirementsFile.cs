using System.Text.RegularExpressions;

namespace ConnectorHost.Tests.Requirements;

/// <summary>One line of <c>tests/requirements.txt</c>: a requirement ID, open (with the issue that builds it) or built.</summary>
internal sealed record Requirement(string Id, int? OpenIssue, int Line)
{
    public bool IsOpen => OpenIssue is not null;
}

/// <summary>
/// Reads <c>tests/requirements.txt</c>: one ID a line, optionally <c>open #N</c>; '#' starts a comment.
/// A line it cannot read is an error naming the line, never skipped.
/// </summary>
internal static partial class RequirementsFile
{
    public static IReadOnlyList<Requirement> Parse(string text, string source)
    {
        var requirements = new List<Requirement>();
        var errors = new List<string>();
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var match = LinePattern().Match(line);
            if (!match.Success)
            {
                errors.Add($"{source}:{i + 1}: cannot read '{line}': expected an ID such as 'CO-7' or 'SEC-1  open #15'.");
                continue;
            }

            int? issue = match.Groups["issue"].Success ? int.Parse(match.Groups["issue"].Value, System.Globalization.CultureInfo.InvariantCulture) : null;
            requirements.Add(new Requirement(match.Groups["id"].Value, issue, i + 1));
        }

        foreach (var duplicate in requirements.GroupBy(r => r.Id).Where(g => g.Count() > 1))
        {
            errors.Add($"{source}: {duplicate.Key} is listed {duplicate.Count()} times (lines {string.Join(", ", duplicate.Select(r => r.Line))}): keep one line.");
        }

        return errors.Count == 0
            ? requirements
            : throw new FormatException(string.Join(Environment.NewLine, errors));
    }

    [GeneratedRegex(@"^(?<id>[A-Z]+-[0-9]+)(\s+open\s+#(?<issue>[0-9]+))?\s*(#(?!\s*[0-9]).*)?$")]
    private static partial Regex LinePattern();
}

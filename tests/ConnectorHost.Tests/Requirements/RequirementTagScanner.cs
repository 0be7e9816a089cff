using System.Text.RegularExpressions;

namespace ConnectorHost.Tests.Requirements;

/// <summary>A test method and the requirement IDs its tags (or its class's tags) claim.</summary>
internal sealed record TaggedTest(string Location, string Name, IReadOnlySet<string> RequirementIds, bool IsSandboxTest);

/// <summary>
/// Finds the test methods of C# test sources with their <c>[Trait("Req", "…")]</c> and <c>[Trait("Sandbox", "…")]</c>
/// tags, the same way a reader greps them: the attribute lines above a <c>[Fact]</c> or <c>[Theory]</c> method, plus
/// those above its class.
/// </summary>
internal static partial class RequirementTagScanner
{
    public static IEnumerable<TaggedTest> Scan(string sourceText, string fileName)
    {
        var classAttributes = string.Empty;
        var pending = new List<string>();
        var pendingLine = 0;
        var lines = sourceText.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0 || line.StartsWith("//", StringComparison.Ordinal))
            {
                continue;
            }

            if (line.StartsWith('['))
            {
                if (pending.Count == 0)
                {
                    pendingLine = i + 1;
                }

                pending.Add(line);
                continue;
            }

            var attributes = string.Join(' ', pending);
            pending.Clear();
            if (ClassDeclaration().IsMatch(line))
            {
                classAttributes = attributes;
            }
            else if (TestAttribute().IsMatch(attributes) && line.Contains('(', StringComparison.Ordinal))
            {
                var tags = attributes + " " + classAttributes;
                var ids = ReqTrait().Matches(tags).Select(m => m.Groups["id"].Value).ToHashSet(StringComparer.Ordinal);
                var name = MethodName().Match(line) is { Success: true } m ? m.Groups["name"].Value : line;
                yield return new TaggedTest($"{fileName}:{pendingLine}", name, ids, SandboxTrait().IsMatch(tags));
            }
        }
    }

    [GeneratedRegex(@"\b(class|record)\s+[A-Za-z_]")]
    private static partial Regex ClassDeclaration();

    [GeneratedRegex(@"\[\s*(Fact|Theory)\b|,\s*(Fact|Theory)\b")]
    private static partial Regex TestAttribute();

    [GeneratedRegex(@"Trait\(\s*""Req""\s*,\s*""(?<id>[A-Z]+-[0-9]+)""\s*\)")]
    private static partial Regex ReqTrait();

    [GeneratedRegex(@"Trait\(\s*""Sandbox""\s*,")]
    private static partial Regex SandboxTrait();

    [GeneratedRegex(@"(?<name>[A-Za-z_][A-Za-z0-9_]*)\s*\(")]
    private static partial Regex MethodName();
}

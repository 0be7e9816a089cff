using System.Text.RegularExpressions;
using ConnectorHost.Tests.Support;

namespace ConnectorHost.Tests.FieldReadiness;

/// <summary>The README stays an entrance (what it is, the two commands, the tour, links into docs/), and no link is broken.</summary>
public sealed partial class DocumentationTests
{
    private readonly string _root = RepoRoot.Find();

    [Fact]
    public void The_README_has_at_most_300_lines()
    {
        var lines = File.ReadAllLines(Path.Combine(_root, "README.md")).Length;

        lines.ShouldBeLessThanOrEqualTo(300, "README.md is the entrance: what it is, the two commands, the tour and links; move guides to docs/");
    }

    [Fact]
    public void The_README_holds_the_two_commands_the_tour_and_links_into_docs()
    {
        var readme = File.ReadAllText(Path.Combine(_root, "README.md"));

        readme.ShouldContain("dotnet run --project host ");
        readme.ShouldContain("bash tests/run-all.sh");
        readme.ShouldContain("## A five-minute tour");
        readme.ShouldContain("Goedgekeurd");
        foreach (var guide in new[] { "install.md", "operations.md", "writing-a-plugin.md", "architecture.md", "configuration.md", "reference/index.md" })
        {
            readme.ShouldContain($"(docs/{guide})");
        }
    }

    [Fact]
    public void Every_relative_link_in_the_README_and_docs_points_to_an_existing_file()
    {
        var pages = Directory.EnumerateFiles(Path.Combine(_root, "docs"), "*.md", SearchOption.AllDirectories)
            .Append(Path.Combine(_root, "README.md"));
        var broken = new List<string>();
        foreach (var page in pages)
        {
            var folder = Path.GetDirectoryName(page)!;
            foreach (Match link in MarkdownLink().Matches(File.ReadAllText(page)))
            {
                var target = link.Groups["target"].Value;
                if (target.Contains("://", StringComparison.Ordinal) || target.StartsWith('#') || target.StartsWith("mailto:", StringComparison.Ordinal))
                {
                    continue;
                }

                var path = Uri.UnescapeDataString(target.Split('#')[0]);
                if (!File.Exists(Path.Combine(folder, path)) && !Directory.Exists(Path.Combine(folder, path)))
                {
                    broken.Add($"{Path.GetRelativePath(_root, page)}: {target}");
                }
            }
        }

        broken.ShouldBeEmpty("these links point to no file: correct the link or the file name");
    }

    [GeneratedRegex(@"\]\((?<target>[^)\s]+)\)")]
    private static partial Regex MarkdownLink();
}

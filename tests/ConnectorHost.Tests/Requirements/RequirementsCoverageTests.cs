using ConnectorHost.Tests.Support;
using Xunit.Abstractions;

namespace ConnectorHost.Tests.Requirements;

/// <summary>
/// The requirements check of the test command: every requirement of <c>tests/requirements.txt</c> that is not
/// marked open has a tagged test that runs product code (not a sandbox test), and an open one has none yet.
/// </summary>
public sealed class RequirementsCoverageTests(ITestOutputHelper output)
{
    [Fact]
    public void Every_built_requirement_has_a_tagged_test_and_every_open_one_has_none()
    {
        var coverage = RequirementsCoverage.Check(LoadRequirements(), ScanRepositoryTests());

        foreach (var open in coverage.Open)
        {
            output.WriteLine(open);
        }

        coverage.Failures.ShouldBeEmpty(string.Join(Environment.NewLine, coverage.Failures));
    }

    [Fact]
    public void Removing_the_only_tags_of_a_requirement_fails_the_check()
    {
        var tests = ScanRepositoryTests();
        var withoutCo1 = tests.Select(t => t with { RequirementIds = t.RequirementIds.Where(id => id != "CO-1").ToHashSet() }).ToList();

        var coverage = RequirementsCoverage.Check(LoadRequirements(), withoutCo1);

        coverage.Failures.ShouldHaveSingleItem().ShouldStartWith("CO-1 (tests/requirements.txt:");
    }

    [Fact]
    public void A_sandbox_test_does_not_prove_a_requirement_and_may_not_claim_one()
    {
        const string source = """
            public sealed class PortalTests
            {
                [Fact]
                [Trait("Sandbox", "ClientOnline")]
                [Trait("Req", "CO-4")]
                public async Task The_portal_sets_the_deadline() { }
            }
            """;
        var tests = RequirementTagScanner.Scan(source, "PortalTests.cs").ToList();

        var coverage = RequirementsCoverage.Check([new Requirement("CO-4", null, 1)], tests);

        coverage.Failures.Count.ShouldBe(2);
        coverage.Failures[0].ShouldContain("is a sandbox test but claims CO-4");
        coverage.Failures[1].ShouldStartWith("CO-4 (tests/requirements.txt:1) has no test");
    }

    [Fact]
    public void An_open_requirement_with_a_tagged_test_fails_until_its_mark_is_removed()
    {
        const string source = """
            [Trait("Req", "SEC-1")]
            public sealed class HostFilteringTests
            {
                [Theory]
                [InlineData("evil.example")]
                public void Unknown_host_names_are_refused(string host) { }
            }
            """;
        var tests = RequirementTagScanner.Scan(source, "HostFilteringTests.cs").ToList();

        var open = RequirementsCoverage.Check([new Requirement("SEC-1", 15, 7)], tests);
        var built = RequirementsCoverage.Check([new Requirement("SEC-1", null, 7)], tests);

        open.Failures.ShouldHaveSingleItem().ShouldContain("SEC-1 is marked 'open #15' in tests/requirements.txt:7 but is tagged on Unknown_host_names_are_refused");
        built.Failures.ShouldBeEmpty();
    }

    [Fact]
    public void An_open_requirement_without_a_test_is_listed_as_open_not_failed()
    {
        var coverage = RequirementsCoverage.Check([new Requirement("H-8", 16, 3)], []);

        coverage.Failures.ShouldBeEmpty();
        coverage.Open.ShouldBe(["H-8 open, built by #16"]);
    }

    [Fact]
    public void A_tag_that_is_not_a_requirement_fails()
    {
        const string source = """
            public class T
            {
                [Fact, Trait("Req", "CO-99")]
                public void Something() { }
            }
            """;

        var coverage = RequirementsCoverage.Check([], RequirementTagScanner.Scan(source, "T.cs").ToList());

        coverage.Failures.ShouldHaveSingleItem().ShouldContain("is tagged CO-99, which is not in tests/requirements.txt");
    }

    [Fact]
    public void A_line_the_file_format_does_not_allow_is_an_error_with_its_line()
    {
        var error = Should.Throw<FormatException>(() => RequirementsFile.Parse("CO-1\nCO-2 maybe later\nCO-1\n", "requirements.txt"));

        error.Message.ShouldContain("requirements.txt:2: cannot read 'CO-2 maybe later'");
        error.Message.ShouldContain("CO-1 is listed 2 times (lines 1, 3)");
    }

    [Fact]
    public void The_file_format_reads_ids_open_marks_and_comments()
    {
        var requirements = RequirementsFile.Parse("# heading\n\nCO-1\nSEC-1  open #15\nCO-2   # a note\n", "requirements.txt");

        requirements.ShouldBe([new Requirement("CO-1", null, 3), new Requirement("SEC-1", 15, 4), new Requirement("CO-2", null, 5)]);
    }

    private static IReadOnlyList<Requirement> LoadRequirements()
    {
        var path = Path.Combine(RepoRoot.Find(), "tests", "requirements.txt");
        return RequirementsFile.Parse(File.ReadAllText(path), "tests/requirements.txt");
    }

    private static List<TaggedTest> ScanRepositoryTests()
    {
        var root = RepoRoot.Find();
        var tests = new List<TaggedTest>();
        foreach (var file in Directory.EnumerateFiles(Path.Combine(root, "tests"), "*.cs", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(root, file).Replace('\\', '/');
            if (relative.Contains("/bin/", StringComparison.Ordinal) || relative.Contains("/obj/", StringComparison.Ordinal)
                || relative.StartsWith("tests/ConnectorHost.Tests/Requirements/", StringComparison.Ordinal))
            {
                continue;
            }

            tests.AddRange(RequirementTagScanner.Scan(File.ReadAllText(file), relative));
        }

        tests.Count.ShouldBeGreaterThan(300, "the scan found too few tests: it no longer reads the test sources the way they are written");
        return tests;
    }
}

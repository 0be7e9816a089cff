namespace ConnectorHost.Tests.Requirements;

/// <summary>
/// What the requirement tags prove against <c>tests/requirements.txt</c>: failures (a built requirement with no
/// test, an open one that has a test, a tag that is not a requirement, a sandbox test that claims one) and the
/// open requirements, listed with the issue that builds them.
/// </summary>
internal sealed class RequirementsCoverage
{
    private RequirementsCoverage(IReadOnlyList<string> failures, IReadOnlyList<string> open)
    {
        Failures = failures;
        Open = open;
    }

    public IReadOnlyList<string> Failures { get; }

    public IReadOnlyList<string> Open { get; }

    public static RequirementsCoverage Check(IReadOnlyList<Requirement> requirements, IReadOnlyList<TaggedTest> tests)
    {
        var failures = new List<string>();
        var open = new List<string>();
        foreach (var sandboxTest in tests.Where(t => t.IsSandboxTest && t.RequirementIds.Count > 0))
        {
            failures.Add($"{sandboxTest.Location} {sandboxTest.Name} is a sandbox test but claims {string.Join(", ", sandboxTest.RequirementIds)}: "
                + "a sandbox test proves the stand-in, not the product; remove the Req tag and prove the requirement by what the connector sends or does.");
        }

        var proving = tests.Where(t => !t.IsSandboxTest).ToList();
        foreach (var requirement in requirements)
        {
            var provers = proving.Where(t => t.RequirementIds.Contains(requirement.Id)).ToList();
            if (requirement.IsOpen && provers.Count > 0)
            {
                failures.Add($"{requirement.Id} is marked 'open #{requirement.OpenIssue}' in tests/requirements.txt:{requirement.Line} but is tagged on "
                    + $"{string.Join(", ", provers.Select(t => $"{t.Name} ({t.Location})"))}: remove the open mark now that it is built.");
            }
            else if (requirement.IsOpen)
            {
                open.Add($"{requirement.Id} open, built by #{requirement.OpenIssue}");
            }
            else if (provers.Count == 0)
            {
                failures.Add($"{requirement.Id} (tests/requirements.txt:{requirement.Line}) has no test tagged [Trait(\"Req\", \"{requirement.Id}\")] that runs product code: "
                    + "tag the test that proves it, or mark the line 'open #N' with the issue that will build it.");
            }
        }

        var known = requirements.Select(r => r.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var test in tests)
        {
            foreach (var unknown in test.RequirementIds.Where(id => !known.Contains(id)))
            {
                failures.Add($"{test.Location} {test.Name} is tagged {unknown}, which is not in tests/requirements.txt: fix the tag or add the requirement.");
            }
        }

        return new RequirementsCoverage(failures, open);
    }
}

using ConnectorHost.Tests.Support;

namespace ConnectorHost.Tests.FieldReadiness;

/// <summary>
/// FR-1 as a new user meets it: a fresh clone of this repository (its committed HEAD) in an empty folder, with
/// nothing beside it, builds the host project alone and the default configuration validates, every plugin it names
/// included. Slow (a full build of the host and its plugins), but part of the test command on purpose.
/// </summary>
public sealed class FreshCloneTests : IDisposable
{
    private static readonly TimeSpan BuildPatience = TimeSpan.FromMinutes(15);
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    [Trait("Req", "FR-1")]
    public async Task A_fresh_clone_builds_the_host_alone_and_validates_the_default_configuration()
    {
        var clone = _folder.Combine("connectorhost");
        var cloned = await ExternalCommand.RunAsync("git", ["clone", "--quiet", "--no-hardlinks", RepoRoot.Find(), clone], _folder.Path, TimeSpan.FromMinutes(2));
        cloned.ExitCode.ShouldBe(0, cloned.Output);
        Directory.Exists(Path.Combine(clone, "artifacts")).ShouldBeFalse("a clone has no build output yet");

        var build = await ExternalCommand.RunAsync("dotnet", ["build", "host", "-nologo", "-v", "quiet"], clone, BuildPatience);
        build.ExitCode.ShouldBe(0, build.Output);

        var validate = await ExternalCommand.RunAsync("dotnet", ["run", "--project", "host", "--no-build", "--", "validate"], clone, TimeSpan.FromMinutes(3));
        validate.ExitCode.ShouldBe(0, validate.Output);
        validate.Output.ShouldContain("casewarecloud.sync");
        validate.Output.ShouldContain("clientonline.accordering");
    }

    [Fact]
    [Trait("Req", "FR-1")]
    public void No_test_and_no_tour_step_reads_a_folder_beside_the_repository()
    {
        var root = RepoRoot.Find();
        var files = new[] { "tests", "host", "plugins", "sandbox", "config", "testdata" }
            .SelectMany(folder => Directory.EnumerateFiles(Path.Combine(root, folder), "*", SearchOption.AllDirectories))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                        && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                        && !f.EndsWith(nameof(FreshCloneTests) + ".cs", StringComparison.Ordinal)
                        && !f.EndsWith(".db", StringComparison.Ordinal))
            .Append(Path.Combine(root, "README.md"))
            .Concat(Directory.EnumerateFiles(Path.Combine(root, "docs"), "*.md", SearchOption.AllDirectories));

        string[] besideTheRepository = [string.Join('/', "..", "shared"), string.Join('\\', "..", "shared"), "\"shared\""];
        var outside = files
            .Where(f => File.ReadAllText(f) is var text && besideTheRepository.Any(p => text.Contains(p, StringComparison.Ordinal)))
            .Select(f => Path.GetRelativePath(root, f))
            .ToList();

        outside.ShouldBeEmpty("test inputs live in the repository (testdata/); these files read a folder beside it");
    }
}

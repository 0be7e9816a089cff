using ConnectorHost.Cli;
using ConnectorHost.Tests.Support;

namespace ConnectorHost.Tests.Cli;

/// <summary>docs/reference is what <c>connectorhost docs</c> generates from the settings classes, so it cannot drift.</summary>
public sealed class ReferenceDocsTests : IDisposable
{
    private const string Regenerate = "run 'dotnet run --project host -- docs -o docs/reference' and commit docs/reference";
    private readonly TempFolder _folder = new();
    private readonly string _repo = RepoRoot.Find();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task The_checked_in_reference_is_what_the_docs_command_generates()
    {
        var generated = _folder.Combine("reference");
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exit = await CommandLine.RunAsync(["docs", "-o", generated, "--config", Path.Combine(_repo, "config", "connectorhost.yaml")], output, error);

        exit.ShouldBe(0, error.ToString());
        var checkedIn = Path.Combine(_repo, "docs", "reference");
        var expected = Directory.GetFiles(generated).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        var present = Directory.Exists(checkedIn) ? Directory.GetFiles(checkedIn).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList() : [];
        expected.Except(present).ShouldBeEmpty($"docs/reference lacks these pages: {Regenerate}");
        present.Except(expected).ShouldBeEmpty($"docs/reference has pages the command no longer writes: {Regenerate}");
        foreach (var name in expected)
        {
            var fresh = File.ReadAllText(Path.Combine(generated, name!));
            File.ReadAllText(Path.Combine(checkedIn, name!)).ReplaceLineEndings("\n").ShouldBe(fresh, $"docs/reference/{name} is stale: {Regenerate}");
        }

        expected.ShouldContain("clientonline.md");
        expected.ShouldContain("casewarecloud.md");
    }

    [Fact]
    [Trait("Req", "H-4")]
    public async Task A_plugin_page_lists_each_setting_with_type_default_secret_and_examples_and_the_admin_commands()
    {
        var generated = _folder.Combine("reference");

        var exit = await CommandLine.RunAsync(["docs", "-o", generated, "--config", Path.Combine(_repo, "config", "connectorhost.yaml")], TextWriter.Null, TextWriter.Null);

        exit.ShouldBe(0);
        var samples = File.ReadAllText(Path.Combine(generated, "samples.md"));
        samples.ShouldContain("| `stableFor` | duration, 0s to 1h | `2s` |");
        samples.ShouldContain("| `folder` | text, **required** | — | The folder watched for new files. Relative paths are taken from the configuration file's folder. Example: `../data/samples/inbox`. |");
        samples.ShouldContain("| `list` | view | — |");
        samples.ShouldNotContain("\r");
        File.ReadAllText(Path.Combine(generated, "host.md")).ShouldContain("| `host.state.connectionString` | text, *secret* | — |");
        File.ReadAllText(Path.Combine(generated, "index.md")).ShouldContain("| `clientonline.folder` | document source | [ClientOnline](clientonline.md) |");
    }

    [Fact]
    public async Task Docs_replaces_only_pages_it_generated()
    {
        var generated = _folder.Combine("reference");
        Directory.CreateDirectory(generated);
        File.WriteAllText(Path.Combine(generated, "notes.md"), "# Our own notes\n");
        File.WriteAllText(Path.Combine(generated, "gone.md"), ReferenceDocs.Marker + "\n\n# A plugin no longer loaded\n");

        var exit = await CommandLine.RunAsync(["docs", "-o", generated, "--config", Path.Combine(_repo, "config", "connectorhost.yaml")], TextWriter.Null, TextWriter.Null);

        exit.ShouldBe(0);
        File.Exists(Path.Combine(generated, "notes.md")).ShouldBeTrue();
        File.Exists(Path.Combine(generated, "gone.md")).ShouldBeFalse();
    }
}

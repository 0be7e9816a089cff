using ConnectorHost.Cli;
using ConnectorHost.Tests.Support;

namespace ConnectorHost.Tests.Cli;

/// <summary>The command line against the real default configuration and the built plugins.</summary>
public sealed class CommandLineTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly string _repo = RepoRoot.Find();

    public void Dispose() => _folder.Dispose();

    private static async Task<(int Exit, string Output, string Error)> Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await CommandLine.RunAsync(args, output, error);
        return (exit, output.ToString(), error.ToString());
    }

    [Fact]
    [Trait("Req", "H-2")]
    public async Task The_default_configuration_is_valid()
    {
        var (exit, output, error) = await Run("validate", Path.Combine(_repo, "config", "connectorhost.yaml"));

        // The demo runs against the sandboxes with their demo credentials written in the file: validate warns about
        // each of them (a real office references its secrets), and about nothing else.
        error.Split('\n', StringSplitOptions.RemoveEmptyEntries).ShouldAllBe(line => line.Contains(": warning: ", StringComparison.Ordinal) && line.Contains("a secret is written in the YAML itself", StringComparison.Ordinal));
        exit.ShouldBe(0);
        output.ShouldContain("samples-demo (every 30s)");
    }

    [Fact]
    [Trait("Req", "H-2")]
    public async Task An_unknown_key_on_line_7_exits_2_and_names_the_file_line_and_column()
    {
        var yaml = File.ReadAllLines(Path.Combine(_repo, "config", "connectorhost.yaml"))
            .Select(l => l.Replace(" ../", " " + _repo + "/", StringComparison.Ordinal)).ToList();
        yaml.IndexOf("host:").ShouldBeLessThan(6);
        yaml.Insert(6, "  colour: blue");
        var file = _folder.Combine("connectorhost.yaml");
        File.WriteAllLines(file, yaml);

        var (exit, _, error) = await Run("validate", file);

        File.ReadAllLines(file)[6].ShouldBe("  colour: blue");
        exit.ShouldBe(2);
        error.ShouldContain("connectorhost.yaml:7:3: error: host.colour: unknown setting 'colour'");
    }

    [Fact]
    public async Task Bad_arguments_exit_2()
    {
        var (exit, _, error) = await Run("validate", "--no-such-option");

        exit.ShouldBe(2);
        error.ShouldContain("--no-such-option");
    }

    [Fact]
    [Trait("Req", "H-4")]
    public async Task Plugins_lists_the_sample_components_with_their_settings()
    {
        var (exit, output, _) = await Run("plugins", "--config", Path.Combine(_repo, "config", "connectorhost.yaml"));

        exit.ShouldBe(0);
        output.ShouldContain("samples.folder (DocumentSource): Offers every stable file of a folder");
        output.ShouldContain("samples.copy (AccordeerTarget)");
        output.ShouldContain("folder (text, required, example ../data/samples/inbox): The folder watched for new files.");
        output.ShouldContain("stableFor (duration, 00:00:00..01:00:00, default 2s)");
    }

    [Fact]
    [Trait("Req", "H-2")]
    public async Task The_checked_in_json_schema_is_what_the_schema_command_generates()
    {
        var (exit, output, _) = await Run("schema", "--config", Path.Combine(_repo, "config", "connectorhost.yaml"));

        exit.ShouldBe(0);
        var checkedIn = File.ReadAllText(Path.Combine(_repo, "config", "connectorhost.schema.json")).ReplaceLineEndings("\n");
        output.ShouldBe(checkedIn, "config/connectorhost.schema.json is stale: run 'dotnet run --project host -- schema -o config/connectorhost.schema.json' and commit it.");
        output.ShouldContain("\"samples.folder\"");
    }

    [Fact]
    public async Task Run_once_of_an_unknown_pipeline_exits_2_naming_the_known_ones()
    {
        var (exit, _, error) = await Run("run-once", "nope", "--config", Path.Combine(_repo, "config", "connectorhost.yaml"));

        exit.ShouldBe(2);
        error.ShouldContain("Known: samples-demo");
    }
}

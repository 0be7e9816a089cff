using ConnectorHost.Cli;
using ConnectorHost.Tests.Support;

namespace ConnectorHost.Tests.Cli;

/// <summary><c>validate</c> creates every component (and disposes it), so what a factory refuses is found before the host runs.</summary>
public sealed class ValidateCreatesComponentsTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly string _plugins = Path.Combine(RepoRoot.Find(), "artifacts", "plugins");

    public void Dispose() => _folder.Dispose();

    private static async Task<(int Exit, string Output, string Error)> Validate(string file)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await CommandLine.RunAsync(["validate", file], output, error);
        return (exit, output.ToString(), error.ToString());
    }

    private string Config(string approvedFolder) => $"""
        host:
          dataFolder: data
          plugins: {_plugins}
        pipelines:
          - name: samples-demo
            every: 30s
            source:
              type: samples.folder
              settings:
                folder: in
                doneFolder: done
                errorFolder: error
            target:
              type: samples.copy
              settings:
                folder: portal
          - name: clientonline
            every: 30s
            source:
              type: clientonline.folder
              settings:
                folders:
                  - source: Naar portaal
                    documentType: jaarrekening
                    approved: {approvedFolder}
                    rejected: Afgekeurd
                    notFound: Niet gevonden
                    error: Fout
            target:
              type: clientonline.accordering
              settings:
                endpoint: http://127.0.0.1:9/soap/2010/accordering
                userName: office
                password: not-used-by-validate
        """;

    [Fact]
    [Trait("Req", "H-2")]
    public async Task An_outcome_folder_that_is_also_a_source_folder_is_an_error_at_the_pipelines_place_and_exits_2()
    {
        var file = _folder.Combine("connectorhost.yaml");
        await File.WriteAllTextAsync(file, Config("Naar portaal"));

        var (exit, output, error) = await Validate(file);

        exit.ShouldBe(2, error);
        output.ShouldBeEmpty();
        error.ShouldContain("connectorhost.yaml:19:5: error: pipelines[1].source: pipeline 'clientonline': the source 'clientonline.folder' cannot be created: The outcome folder ");
        error.ShouldContain("is also a source folder");
        error.ShouldContain("1 error(s)");
    }

    [Fact]
    [Trait("Req", "H-2")]
    public async Task Creating_the_components_starts_nothing_and_makes_no_folder()
    {
        var file = _folder.Combine("connectorhost.yaml");
        await File.WriteAllTextAsync(file, Config("Goedgekeurd"));

        var (exit, output, error) = await Validate(file);

        exit.ShouldBe(0, error);
        output.ShouldContain("clientonline (every 30s)");
        Directory.GetFileSystemEntries(_folder.Path).Select(Path.GetFileName).ShouldBe(["connectorhost.yaml"], "validate made no data folder, state store or component folder");
    }
}

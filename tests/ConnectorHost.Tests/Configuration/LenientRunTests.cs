using ConnectorHost.Configuration;
using ConnectorHost.Tests.Support;

namespace ConnectorHost.Tests.Configuration;

/// <summary>When a plugin failed to load, run leaves out only the pipelines that need it; validate stays strict.</summary>
[Trait("Req", "H-1")]
public sealed class LenientRunTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private ParsedConfiguration Parse()
    {
        var file = _folder.Combine("connectorhost.yaml");
        File.WriteAllText(file, """
            pipelines:
              - name: works
                every: 1m
                task: { type: test.task }
              - name: needs-missing-plugin
                every: 1m
                task: { type: clientonline.sync }
            """);
        return ConfigurationLoader.Parse(file, _ => null);
    }

    [Fact]
    public void Run_skips_only_the_pipelines_whose_component_type_is_unknown()
    {
        var configuration = ConfigurationLoader.Complete(Parse(), TestComponents.All, skipUnknownTypes: true);

        configuration.Pipelines.Select(p => p.Name).ShouldBe(["works"]);
        configuration.SkippedPipelines["needs-missing-plugin"].ShouldContain("clientonline.sync");
    }

    [Fact]
    public void Validate_reports_the_unknown_type_as_an_error()
    {
        var error = Should.Throw<ConfigurationException>(() => ConfigurationLoader.Complete(Parse(), TestComponents.All)).Errors.ShouldHaveSingleItem();

        (error.Line, error.Column).ShouldBe((7, 19));
        error.Message.ShouldBe("unknown component type 'clientonline.sync'");
    }
}

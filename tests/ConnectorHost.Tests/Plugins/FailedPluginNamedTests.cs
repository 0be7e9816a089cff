using ConnectorHost.Cli;
using ConnectorHost.Composition;
using ConnectorHost.Configuration;
using ConnectorHost.Dashboard.Pages;
using ConnectorHost.Pipelines;
using ConnectorHost.Plugins;
using Microsoft.Extensions.DependencyInjection;

namespace ConnectorHost.Tests.Plugins;

/// <summary>
/// SDK-8: a plugin that fails to load is never half-loaded, and wherever a pipeline that uses it is named (validate,
/// run-once, command, plugins, the dashboard's overview) the plugin and its reason are named too. BadNamePlugin registers a well named
/// component (<c>test.badname.ok</c>) beside one against the naming rule (<c>Test.Bad_Name</c>).
/// </summary>
[Trait("Req", "SDK-8")]
public sealed class FailedPluginNamedTests : IDisposable
{
    private readonly PluginsFolder _plugins = new();
    private readonly string _config;

    public FailedPluginNamedTests()
    {
        _plugins.AddTestPlugin("BadNamePlugin");
        _plugins.AddTestPlugin("JsonV12Plugin");
        _config = Path.Combine(Path.GetDirectoryName(_plugins.Path)!, "connectorhost.yaml");
        File.WriteAllText(_config, $"""
            host:
              dataFolder: data
              plugins: {_plugins.Path}
            pipelines:
              - name: acme-invoices
                every: 1h
                task:
                  type: test.badname.ok
              - name: json
                every: 1h
                task:
                  type: test.json12
            """);
    }

    public void Dispose() => _plugins.Dispose();

    [Fact]
    public void A_plugin_with_one_bad_component_loads_none_of_them_and_its_failure_lists_each_component()
    {
        var report = new McMasterPluginLoader().LoadAll(_plugins.Path);

        report.Plugins.ShouldNotContain(p => p.Name == "BadName");
        report.Factories.Select(f => f.TypeName).ShouldBe(["test.json12"]);
        var failure = report.Failures.ShouldHaveSingleItem();
        failure.Reason.ShouldStartWith("Plugin 'BadName' is not loaded, none of its 2 component(s) (Test.Bad_Name, test.badname.ok)");
        failure.Reason.ShouldContain(PluginRules.TypeNameRule);
        failure.TypeNames.ShouldBe(["Test.Bad_Name", "test.badname.ok"]);
        report.WhyUnknown("test.badname.ok").ShouldNotBeNull().ShouldContain("BadNamePlugin.dll");
    }

    [Fact]
    public async Task Validate_names_the_plugin_and_its_reason_at_the_pipeline_that_uses_it()
    {
        var (exit, _, error) = await RunAsync("validate", _config);

        exit.ShouldBe(2);
        error.ShouldContain("connectorhost.yaml:8:");
        error.ShouldContain("pipelines[0].task.type: unknown component type 'test.badname.ok': its plugin failed to load (");
        error.ShouldContain("BadNamePlugin.dll): Plugin 'BadName' is not loaded");
        error.ShouldContain("'Test.Bad_Name'");
        error.ShouldNotContain("test.json12");
    }

    [Fact]
    public async Task Run_once_and_command_name_the_plugin_and_its_reason_and_exit_2()
    {
        foreach (var args in new[] { ["run-once", "acme-invoices", "--config", _config], new[] { "command", "acme-invoices", "list", "--config", _config } })
        {
            var (exit, _, error) = await RunAsync(args);

            exit.ShouldBe(2, error);
            error.ShouldContain("error: pipeline 'acme-invoices' in ");
            error.ShouldContain("cannot run: its component type test.badname.ok is unknown: its plugin failed to load (");
            error.ShouldContain("Plugin 'BadName' is not loaded");
            error.ShouldNotContain("Known: .");
        }

        var (missingExit, _, missing) = await RunAsync("run-once", "no-such", "--config", _config);
        missingExit.ShouldBe(2);
        missing.ShouldContain("there is no pipeline 'no-such'");
    }

    [Fact]
    public async Task Plugins_lists_none_of_the_failed_plugins_components_and_names_its_reason()
    {
        var (exit, output, error) = await RunAsync("plugins", "--config", _config);

        exit.ShouldBe(1);
        output.ShouldNotContain("test.badname.ok"); // the list of what is loaded
        output.ShouldContain("  test.json12 (SyncTask)");
        error.ShouldContain("BadNamePlugin.dll was not loaded: Plugin 'BadName' is not loaded, none of its 2 component(s) (Test.Bad_Name, test.badname.ok)");
    }

    [Fact]
    public async Task The_dashboards_overview_names_the_plugin_and_its_reason_at_the_pipeline()
    {
        var session = ConfigurationSession.Open(_config, new McMasterPluginLoader(), lenient: true);
        var model = new OverviewModel(
            new Navigation(["json"], null, new FormToken("__RequestVerificationToken", "t")),
            new RunningConfiguration(session.Configuration),
            session.Plugins,
            new Dictionary<string, PipelineStatus>());

        var html = await RenderAsync(model);

        html.ShouldContain("Pipeline acme-invoices is not running: its component type test.badname.ok is unknown: its plugin failed to load (");
        html.ShouldContain("Plugin &#x27;BadName&#x27; is not loaded, none of its 2 component(s)");
        html.ShouldContain("data-pipeline=\"json\"");
    }

    private static async Task<string> RenderAsync(OverviewModel model)
    {
        await using var services = new ServiceCollection().AddLogging().AddLocalization().BuildServiceProvider();
        await using var renderer = new Microsoft.AspNetCore.Components.Web.HtmlRenderer(services, Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance);
        return await renderer.Dispatcher.InvokeAsync(async () =>
        {
            var output = await renderer.RenderComponentAsync<OverviewPage>(
                Microsoft.AspNetCore.Components.ParameterView.FromDictionary(new Dictionary<string, object?> { ["Model"] = model }));
            return output.ToHtmlString();
        });
    }

    private static async Task<(int Exit, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await CommandLine.RunAsync(args, output, error);
        return (exit, output.ToString(), error.ToString());
    }
}

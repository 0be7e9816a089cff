using ConnectorHost.Plugins;
using Xunit.Abstractions;

namespace ConnectorHost.Tests.Plugins;

/// <summary>Every broken plugin is refused with its path and the cause, and the good plugin beside it still loads.</summary>
[Trait("Req", "H-1")]
public sealed class PluginFailureTests : IDisposable
{
    private readonly PluginsFolder _plugins = new();
    private readonly ITestOutputHelper _output;

    public PluginFailureTests(ITestOutputHelper output) => this._output = output;

    public void Dispose() => _plugins.Dispose();

    [Fact]
    public void A_missing_plugins_folder_is_reported_not_thrown()
    {
        var report = new McMasterPluginLoader().LoadAll(_plugins.Missing);

        report.Plugins.ShouldBeEmpty();
        report.Factories.ShouldBeEmpty();
        var failure = report.Failures.ShouldHaveSingleItem();
        failure.Path.ShouldBe(_plugins.Missing);
        failure.Reason.ShouldContain("does not exist");
    }

    [Fact]
    public void An_empty_plugin_folder_is_reported()
    {
        var empty = _plugins.AddFolder("Empty");

        var failure = LoadBesideGoodPlugin().Failures.ShouldHaveSingleItem();

        failure.Path.ShouldBe(empty);
        failure.Reason.ShouldContain("no .dll");
    }

    [Fact]
    public void A_main_dll_that_is_not_a_dotnet_assembly_is_reported()
    {
        var folder = _plugins.AddFolder("NotAnAssembly");
        var dll = Path.Combine(folder, "NotAnAssembly.dll");
        File.WriteAllText(dll, "This is a text file that someone renamed to .dll.");

        var failure = LoadBesideGoodPlugin().Failures.ShouldHaveSingleItem();

        failure.Path.ShouldBe(dll);
        failure.Reason.ShouldContain("not a .NET assembly");
        failure.Reason.ShouldContain("BadImageFormatException");
    }

    [Fact]
    public void A_folder_whose_only_dll_is_not_a_plugin_assembly_is_reported()
    {
        var folder = _plugins.AddFolder("Stray");
        File.WriteAllText(Path.Combine(folder, "readme.dll"), "not an assembly");

        var failure = LoadBesideGoodPlugin().Failures.ShouldHaveSingleItem();

        failure.Path.ShouldBe(folder);
        failure.Reason.ShouldContain("No assembly in the folder is compiled against ConnectorHost.Abstractions");
    }

    [Fact]
    public void A_folder_with_several_plugin_assemblies_and_none_named_after_it_is_reported()
    {
        var folder = _plugins.AddTestPlugin("JsonV13Plugin", "Twice");
        File.Copy(
            Path.Combine(PluginsFolder.RepoRoot, "artifacts", "test-plugins", "BadNamePlugin", "BadNamePlugin.dll"),
            Path.Combine(folder, "BadNamePlugin.dll"));

        var failure = LoadBesideGoodPlugin().Failures.ShouldHaveSingleItem();

        failure.Path.ShouldBe(folder);
        failure.Reason.ShouldContain("BadNamePlugin.dll, JsonV13Plugin.dll");
        failure.Reason.ShouldContain("Twice.dll");
    }

    [Fact]
    public void A_plugin_missing_a_dependency_dll_is_reported_with_the_dependency_name()
    {
        var folder = _plugins.AddTestPlugin("JsonV13Plugin");
        File.Delete(Path.Combine(folder, "Newtonsoft.Json.dll"));

        var failure = LoadBesideGoodPlugin().Failures.ShouldHaveSingleItem();

        failure.Path.ShouldBe(Path.Combine(folder, "JsonV13Plugin.dll"));
        failure.Reason.ShouldContain("Newtonsoft.Json");
        failure.Reason.ShouldContain("missing");
    }

    [Fact]
    public void A_plugin_whose_Register_throws_is_reported_with_the_plugin_and_the_message()
    {
        var folder = _plugins.AddTestPlugin("ThrowingPlugin");

        var failure = LoadBesideGoodPlugin().Failures.ShouldHaveSingleItem();

        failure.Path.ShouldBe(Path.Combine(folder, "ThrowingPlugin.dll"));
        failure.Reason.ShouldContain("Throwing");
        failure.Reason.ShouldContain("InvalidOperationException");
        failure.Reason.ShouldContain("boom while registering");
    }

    [Fact]
    public void A_type_name_registered_twice_is_refused_the_second_time_naming_both_plugins()
    {
        var first = _plugins.AddTestPlugin("JsonV13Plugin");
        var second = _plugins.AddTestPlugin("JsonV13Plugin", "JsonV13PluginCopy");

        var report = new McMasterPluginLoader().LoadAll(_plugins.Path);

        report.Factories.ShouldHaveSingleItem().TypeName.ShouldBe("test.json13");
        report.Plugins.Single(p => p.Folder == first).Factories.ShouldHaveSingleItem();
        report.Plugins.ShouldNotContain(p => p.Folder == second);
        var failure = report.Failures.ShouldHaveSingleItem();
        failure.Path.ShouldBe(Path.Combine(second, "JsonV13Plugin.dll"));
        failure.Reason.ShouldContain("'test.json13'");
        failure.Reason.ShouldContain(first);
        failure.Reason.ShouldContain(second);
        failure.Reason.ShouldContain("plugin 'JsonV13'");
    }

    [Fact]
    [Trait("Req", "SDK-8")]
    public void A_type_name_not_shaped_lowercase_dotted_refuses_the_whole_plugin_none_of_its_components_loads()
    {
        var folder = _plugins.AddTestPlugin("BadNamePlugin");

        var report = LoadBesideGoodPlugin();

        report.Plugins.ShouldNotContain(p => p.Folder == folder);
        report.Factories.ShouldNotContain(f => f.TypeName == "test.badname.ok");
        var failure = report.Failures.ShouldHaveSingleItem();
        failure.Path.ShouldBe(Path.Combine(folder, "BadNamePlugin.dll"));
        failure.Reason.ShouldContain("'Test.Bad_Name'");
        failure.Reason.ShouldContain("lower case, dotted");
    }

    [Fact]
    public void An_assembly_without_an_IConnectorPlugin_class_is_reported()
    {
        // The host's own assembly is compiled against the abstractions but holds no plugin class.
        var folder = _plugins.AddFolder("NoEntry");
        var dll = Path.Combine(folder, "NoEntry.dll");
        File.Copy(typeof(McMasterPluginLoader).Assembly.Location, dll);

        var failure = LoadBesideGoodPlugin().Failures.ShouldHaveSingleItem();

        failure.Path.ShouldBe(dll);
        failure.Reason.ShouldContain("implements IConnectorPlugin");
    }

    [Fact]
    public void A_plugin_built_against_another_major_version_of_the_abstractions_is_refused()
    {
        var folder = _plugins.AddTestPlugin("JsonV13Plugin");

        var report = new McMasterPluginLoader(new Version(2, 0, 0, 0)).LoadAll(_plugins.Path);

        report.Plugins.ShouldBeEmpty();
        var failure = report.Failures.ShouldHaveSingleItem();
        failure.Path.ShouldBe(Path.Combine(folder, "JsonV13Plugin.dll"));
        failure.Reason.ShouldContain($"ConnectorHost.Abstractions {typeof(Abstractions.Plugins.IConnectorPlugin).Assembly.GetName().Version}");
        failure.Reason.ShouldContain("2.0.0.0");
        failure.Reason.ShouldContain("major versions must match");
    }

    [Fact]
    public void A_dll_directly_in_the_plugins_folder_is_reported()
    {
        var loose = Path.Combine(_plugins.Path, "Loose.dll");
        File.WriteAllText(loose, "whatever");

        var failure = LoadBesideGoodPlugin().Failures.ShouldHaveSingleItem();

        failure.Path.ShouldBe(loose);
        failure.Reason.ShouldContain("own sub-folder");
    }

    [Fact]
    public void All_failures_at_once_are_each_reported_and_the_good_plugins_still_load()
    {
        _plugins.AddFolder("Empty");
        File.WriteAllText(Path.Combine(_plugins.AddFolder("NotAnAssembly"), "NotAnAssembly.dll"), "text");
        var broken = _plugins.AddTestPlugin("JsonV13Plugin", "BrokenJson");
        File.Delete(Path.Combine(broken, "Newtonsoft.Json.dll"));
        _plugins.AddTestPlugin("ThrowingPlugin");
        _plugins.AddTestPlugin("JsonV12Plugin");
        _plugins.AddTestPlugin("JsonV13Plugin");
        _plugins.AddTestPlugin("JsonV13Plugin", "JsonV13PluginCopy");

        var report = new McMasterPluginLoader().LoadAll(_plugins.Path);

        report.Factories.Select(f => f.TypeName).ShouldBe(["test.json12", "test.json13"]);
        report.Failures.Count.ShouldBe(5);
        report.Failures.ShouldAllBe(f => f.Path.StartsWith(_plugins.Path, StringComparison.Ordinal) && f.Reason.Length > 0);
        foreach (var failure in report.Failures)
        {
            _output.WriteLine($"{failure.Path}{Environment.NewLine}  {failure.Reason}");
        }
    }

    private PluginLoadReport LoadBesideGoodPlugin()
    {
        var good = _plugins.AddTestPlugin("JsonV12Plugin", "Good");
        var report = new McMasterPluginLoader().LoadAll(_plugins.Path);
        report.Plugins.ShouldContain(p => p.Folder == good && p.Factories.Count == 1);
        report.Factories.ShouldContain(f => f.TypeName == "test.json12");
        return report;
    }
}

using System.Runtime.Loader;
using ConnectorHost.Abstractions.Plugins;
using ConnectorHost.Abstractions.Sync;
using ConnectorHost.Plugins;
using ConnectorHost.Testing;

namespace ConnectorHost.Tests.Plugins;

[Trait("Req", "H-1")]
public sealed class PluginIsolationTests : IDisposable
{
    private readonly PluginsFolder _plugins = new();

    public void Dispose() => _plugins.Dispose();

    [Fact]
    public async Task Two_plugins_with_different_major_versions_of_one_dependency_run_side_by_side()
    {
        _plugins.AddTestPlugin("JsonV12Plugin");
        _plugins.AddTestPlugin("JsonV13Plugin");

        var report = new McMasterPluginLoader().LoadAll(_plugins.Path);

        report.Failures.ShouldBeEmpty();
        report.Plugins.Select(p => p.Name).ShouldBe(["JsonV12", "JsonV13"]);
        var json12 = await RunAsync(report, "test.json12");
        var json13 = await RunAsync(report, "test.json13");
        json12.Kind.ShouldBe(SyncResultKind.Success);
        json12.Summary.ShouldStartWith("Newtonsoft.Json 12.0.0.0:");
        json12.Summary.ShouldContain("hello from json12");
        json13.Kind.ShouldBe(SyncResultKind.Success);
        json13.Summary.ShouldStartWith("Newtonsoft.Json 13.0.0.0:");
    }

    [Fact]
    public void Each_plugin_uses_the_dependency_copy_in_its_own_folder()
    {
        var folder12 = _plugins.AddTestPlugin("JsonV12Plugin");
        var folder13 = _plugins.AddTestPlugin("JsonV13Plugin");

        var report = new McMasterPluginLoader().LoadAll(_plugins.Path);

        NewtonsoftLocation(report, "test.json12").ShouldBe(Path.Combine(folder12, "Newtonsoft.Json.dll"));
        NewtonsoftLocation(report, "test.json13").ShouldBe(Path.Combine(folder13, "Newtonsoft.Json.dll"));
    }

    [Fact]
    public async Task The_contract_is_shared_so_a_plugin_component_is_the_hosts_ISyncTask()
    {
        await using var context = await TestComponentContext.CreateAsync();
        var folder = _plugins.AddTestPlugin("JsonV13Plugin");

        var report = new McMasterPluginLoader().LoadAll(_plugins.Path);

        File.Exists(Path.Combine(folder, "ConnectorHost.Abstractions.dll")).ShouldBeFalse("the build ships no copy of the contracts");
        var factory = report.Factories.ShouldHaveSingleItem();
        AssemblyLoadContext.GetLoadContext(factory.GetType().Assembly).ShouldNotBe(AssemblyLoadContext.Default);
        factory.Kind.ShouldBe(ComponentKind.SyncTask);
        var component = factory.Create(factory.CreateDefaultSettings(), context);
        (component is ISyncTask).ShouldBeTrue();
        component.GetType().GetInterfaces().ShouldContain(typeof(ISyncTask));
    }

    [Fact]
    public void A_plugin_reports_its_folder_main_assembly_and_version()
    {
        var folder = _plugins.AddTestPlugin("JsonV13Plugin");

        var plugin = new McMasterPluginLoader().LoadAll(_plugins.Path).Plugins.ShouldHaveSingleItem();

        plugin.Name.ShouldBe("JsonV13");
        plugin.Folder.ShouldBe(folder);
        plugin.AssemblyPath.ShouldBe(Path.Combine(folder, "JsonV13Plugin.dll"));
        plugin.AssemblyVersion.ShouldBe(new Version(1, 0, 0, 0));
        plugin.Factories.Select(f => f.TypeName).ShouldBe(["test.json13"]);
    }

    [Fact]
    public void The_samples_plugin_loads_from_its_build_output()
    {
        var folder = _plugins.AddPlugin("Samples");

        var report = new McMasterPluginLoader().LoadAll(_plugins.Path);

        report.Failures.ShouldBeEmpty();
        var plugin = report.Plugins.ShouldHaveSingleItem();
        plugin.Name.ShouldBe("Samples");
        plugin.AssemblyPath.ShouldBe(Path.Combine(folder, "ConnectorHost.Plugins.Samples.dll"));
    }

    private static async Task<SyncResult> RunAsync(PluginLoadReport report, string typeName)
    {
        var factory = report.Factories.Single(f => f.TypeName == typeName);
        await using var context = await TestComponentContext.CreateAsync();
        var task = (ISyncTask)factory.Create(factory.CreateDefaultSettings(), context);
        return await task.RunAsync(CancellationToken.None);
    }

    private static string? NewtonsoftLocation(PluginLoadReport report, string typeName)
    {
        var factory = report.Factories.Single(f => f.TypeName == typeName);
        var context = AssemblyLoadContext.GetLoadContext(factory.GetType().Assembly)!;
        return context.Assemblies.SingleOrDefault(a => a.GetName().Name == "Newtonsoft.Json")?.Location;
    }
}

using Autofac;
using ConnectorHost.Abstractions.Plugins;
using ConnectorHost.Plugins;

namespace ConnectorHost.Tests.Plugins;

[Trait("Req", "H-1")]
public sealed class PluginsModuleTests : IDisposable
{
    private readonly PluginsFolder _plugins = new();

    public void Dispose() => _plugins.Dispose();

    [Fact]
    public void The_container_resolves_a_plugin_factory_by_its_yaml_type_name()
    {
        _plugins.AddTestPlugin("JsonV12Plugin");
        _plugins.AddTestPlugin("JsonV13Plugin");
        var report = new McMasterPluginLoader().LoadAll(_plugins.Path);
        var builder = new ContainerBuilder();
        builder.RegisterModule(new PluginsModule(report));

        using var container = builder.Build();

        container.ResolveKeyed<IComponentFactory>("test.json13").TypeName.ShouldBe("test.json13");
        container.ResolveKeyed<IComponentFactory>("test.json12").TypeName.ShouldBe("test.json12");
        container.Resolve<IEnumerable<IComponentFactory>>().Select(f => f.TypeName).ShouldBe(["test.json12", "test.json13"], ignoreOrder: true);
        container.Resolve<PluginLoadReport>().ShouldBeSameAs(report);
        container.IsRegisteredWithKey<IComponentFactory>("test.unknown").ShouldBeFalse();
    }
}

using ConnectorHost.Abstractions.Plugins;
using ConnectorHost.Plugins;

namespace ConnectorHost.Tests.Plugins;

[Trait("Req", "H-1")]
public sealed class ComponentRegistryTests
{
    [Fact]
    public void A_closed_registry_refuses_factories_added_after_Register()
    {
        var registry = new ComponentRegistry();
        registry.Close();

        Should.Throw<InvalidOperationException>(() => registry.Add(new SomeFactory()))
            .Message.ShouldContain("during IConnectorPlugin.Register");
        registry.Factories.ShouldBeEmpty();
    }

    [Fact]
    public void A_null_factory_is_refused()
    {
        Should.Throw<ArgumentNullException>(() => new ComponentRegistry().Add(null!));
    }

    private sealed class SomeSettings
    {
    }

    private sealed class SomeFactory() : ComponentFactory<Abstractions.Sync.ISyncTask, SomeSettings>("test.some", "Some.")
    {
        public override Abstractions.Sync.ISyncTask Create(SomeSettings settings, IComponentContext context) =>
            throw new NotSupportedException();
    }
}

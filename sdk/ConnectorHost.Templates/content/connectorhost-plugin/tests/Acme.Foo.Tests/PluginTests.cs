using ConnectorHost.Testing;

namespace Acme.Foo.Tests;

/// <summary>The plugin as the host's loader sees it: the same rules, through the same validator.</summary>
public sealed class PluginTests
{
    [Fact]
    public void The_host_would_load_the_plugin()
    {
        // Fails, with the words the host would log, for a type name against the rules (lower case, dotted, no
        // dashes), a type registered twice, a manifest that does not match the abstractions the plugin is built
        // against, or a settings class the host cannot bind.
        var plugin = PluginCheck.ShouldLoad(typeof(Plugin).Assembly);

        Assert.Equal(Plugin.Name, plugin.Manifest?.Name);
        Assert.Equal(new[] { "acme.foo.sign" }, plugin.Factories.Select(f => f.TypeName));
    }
}

using ConnectorHost.Plugins;

namespace ConnectorHost.Tests.Plugins;

[Trait("Req", "H-1")]
public sealed class AbiGateTests
{
    [Theory]
    [InlineData("1.0.0.0", "1.0.0.0")]
    [InlineData("1.0.0.0", "1.4.0.0")]
    [InlineData("1.3.0.0", "1.4.0.0")]
    public void A_plugin_built_against_the_same_or_an_older_minor_version_is_accepted(string built, string host)
    {
        Should.NotThrow(() => AbiGate.Verify(Plugin(built), Version.Parse(host)));
    }

    [Theory]
    [InlineData("2.0.0.0", "1.0.0.0", "major versions must match")]
    [InlineData("1.0.0.0", "2.0.0.0", "major versions must match")]
    [InlineData("1.3.0.0", "1.0.0.0", "newer than the 1.0.0.0 this host provides")]
    public void A_plugin_built_against_an_incompatible_version_is_refused(string built, string host, string reason)
    {
        Should.Throw<PluginRefusedException>(() => AbiGate.Verify(Plugin(built), Version.Parse(host)))
            .Message.ShouldContain(reason);
    }

    [Fact]
    public void An_assembly_not_compiled_against_the_abstractions_is_refused()
    {
        Should.Throw<PluginRefusedException>(() => AbiGate.Verify(
                new AssemblyMetadata("/plugins/X/X.dll", "X", new Version(1, 0), null, null), new Version(1, 0)))
            .Message.ShouldContain("not compiled against ConnectorHost.Abstractions");
    }

    private static AssemblyMetadata Plugin(string built) =>
        new("/plugins/X/X.dll", "X", new Version(1, 0), Version.Parse(built), null);
}

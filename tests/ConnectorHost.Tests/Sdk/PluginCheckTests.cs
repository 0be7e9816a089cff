using System.Reflection;
using ConnectorHost.Plugins;
using ConnectorHost.Testing;
using ConnectorHost.Tests.Plugins;

namespace ConnectorHost.Tests.Sdk;

/// <summary>
/// SDK-7: the test kit applies the loader's rules through the same validator as the host (<see cref="PluginRules"/>),
/// so a plugin the host would refuse fails its own tests with the host's words. SDK-9: a declared abstractions version
/// is checked against the plugin's references, and the built-in plugins carry the manifest.
/// </summary>
public sealed class PluginCheckTests : IDisposable
{
    private readonly PluginsFolder _plugins = new();

    public void Dispose() => _plugins.Dispose();

    [Theory]
    [Trait("Req", "SDK-7")]
    [InlineData("acme.invoices.dailysummary", true)]
    [InlineData("acme.invoices2", true)]
    [InlineData("acme.invoices.daily-summary", false)] // what a third party wrote first: dashes are for pipeline names only
    [InlineData("acme.invoices.daily_summary", false)]
    [InlineData("Acme.Invoices", false)]
    [InlineData("acme", false)]
    [InlineData("acme..invoices", false)]
    [InlineData("2acme.invoices", false)]
    public void The_type_name_rule(string typeName, bool allowed) => PluginRules.IsValidTypeName(typeName).ShouldBe(allowed);

    [Fact]
    [Trait("Req", "SDK-7")]
    public void The_kit_refuses_what_the_loader_refuses_with_the_same_words()
    {
        var folder = _plugins.AddTestPlugin("BadNamePlugin");
        var loaded = new McMasterPluginLoader().LoadAll(_plugins.Path).Failures.ShouldHaveSingleItem();

        var check = PluginCheck.Check(Load(Path.Combine(folder, "BadNamePlugin.dll")));

        check.Loads.ShouldBeFalse();
        check.Name.ShouldBe("BadName");
        check.Factories.Select(f => f.TypeName).ShouldBe(["Test.Bad_Name", "test.badname.ok"]);
        check.Problems.ShouldHaveSingleItem().ShouldContain(PluginRules.TypeNameRule);
        loaded.Reason.ShouldContain(check.Problems[0]);
        var thrown = Should.Throw<PluginCheckException>(() => PluginCheck.ShouldLoad(Load(Path.Combine(folder, "BadNamePlugin.dll"))));
        thrown.Message.ShouldStartWith("The host would refuse plugin 'BadName'");
        thrown.Problems.ShouldBe(check.Problems);
    }

    [Fact]
    [Trait("Req", "SDK-7")]
    public void The_kit_passes_a_plugin_the_host_loads()
    {
        var folder = _plugins.AddPlugin("Samples");

        var check = PluginCheck.ShouldLoad(Load(Path.Combine(folder, "ConnectorHost.Plugins.Samples.dll")));

        check.Name.ShouldBe("Samples");
        check.Manifest.ShouldNotBeNull().Declared.ShouldBeTrue();
        check.Factories.Select(f => f.TypeName).ShouldContain("samples.sign");
    }

    [Fact]
    [Trait("Req", "SDK-7")]
    public void A_secret_that_is_not_text_and_a_type_registered_twice_are_refused()
    {
        var problems = PluginRules.CheckFactories("Acme", [new PortFactory("acme.port"), new PortFactory("acme.port")]);

        problems.Count.ShouldBe(3);
        problems.ShouldContain(p => p.Contains("Setting 'pin' of component 'acme.port' (PortSettings.Pin) is marked [Secret] but is a Int32", StringComparison.Ordinal));
        problems.ShouldContain("Component type name 'acme.port' is registered twice by plugin 'Acme'. Give each component its own type name.");
    }

    [Fact]
    [Trait("Req", "SDK-9")]
    public void A_declared_abstractions_version_that_differs_from_the_reference_is_refused_by_the_host_and_the_kit()
    {
        var folder = _plugins.AddTestPlugin("WrongTargetPlugin");

        var report = new McMasterPluginLoader().LoadAll(_plugins.Path);

        report.Plugins.ShouldBeEmpty();
        var failure = report.Failures.ShouldHaveSingleItem();
        var compiled = typeof(Abstractions.Plugins.IConnectorPlugin).Assembly.GetName().Version!.ToString(2);
        failure.Reason.ShouldBe(
            $"WrongTargetPlugin.dll declares that it targets ConnectorHost.Abstractions 1.1.0, but it is compiled against {compiled} (its reference says so). " +
            "Leave the third argument of [assembly: ConnectorHostPlugin] out, so the compiler fills in the version it builds against, and build it again.");
        PluginCheck.Check(Load(Path.Combine(folder, "WrongTargetPlugin.dll"))).Problems.ShouldContain(failure.Reason);
    }

    [Fact]
    [Trait("Req", "SDK-9")]
    public void Every_built_in_plugin_carries_the_manifest_with_the_abstractions_version_it_is_compiled_against()
    {
        var built = Path.Combine(PluginsFolder.RepoRoot, "artifacts", "plugins");
        var report = new McMasterPluginLoader().LoadAll(built);

        report.Failures.ShouldBeEmpty();
        report.Plugins.Select(p => p.Name).ShouldBe(["AccountingTasks", "CaseWare Cloud", "Certipost", "ClientOnline", "Samples", "Sandbox"], ignoreOrder: true);
        foreach (var plugin in report.Plugins)
        {
            plugin.Manifest.Declared.ShouldBeTrue(plugin.Name);
            plugin.Manifest.TargetAbstractions.ShouldBe(Abstractions.Plugins.AbstractionsVersion.Current, plugin.Name);
        }
    }

    private static Assembly Load(string path) => Assembly.LoadFrom(path);

    public sealed class PortSettings
    {
        [Abstractions.Settings.Secret]
        public int Pin { get; set; }
    }

    private sealed class PortFactory(string typeName) : Abstractions.Plugins.ComponentFactory<Abstractions.Sync.ISyncTask, PortSettings>(typeName, "A port.")
    {
        public override Abstractions.Sync.ISyncTask Create(PortSettings settings, Abstractions.Plugins.IComponentContext context) => throw new NotSupportedException();
    }
}

using System.IO.Compression;
using System.Xml.Linq;
using ConnectorHost.Abstractions.Plugins;
using ConnectorHost.Tests.EndToEnd;
using ConnectorHost.Tests.Support;

namespace ConnectorHost.Tests.Sdk;

/// <summary>
/// The SDK as a third party meets it: the packed packages, a plugin made with <c>dotnet new connectorhost-plugin</c> in
/// an empty folder outside the repository, built and tested against the packed packages, published into a plugins
/// folder and listed by the host.
/// </summary>
public sealed class SdkPackagesTests(SdkWorkspace workspace) : IClassFixture<SdkWorkspace>
{
    [Fact]
    [Trait("Req", "SDK-1")]
    [Trait("Req", "SDK-2")]
    [Trait("Req", "SDK-3")]
    [Trait("Req", "SDK-9")]
    public void Packing_the_solution_writes_the_three_sdk_packages_with_docs_dependencies_and_repository()
    {
        var version = AbstractionsVersion.Current;
        Directory.GetFiles(workspace.Packages, "*.nupkg").Select(Path.GetFileName).ShouldBe(
            [$"ConnectorHost.Abstractions.{version}.nupkg", $"ConnectorHost.Templates.{version}.nupkg", $"ConnectorHost.Testing.{version}.nupkg"],
            ignoreOrder: true);

        var (abstractionsFiles, abstractions) = Open($"ConnectorHost.Abstractions.{version}.nupkg");
        abstractionsFiles.ShouldContain("lib/net10.0/ConnectorHost.Abstractions.dll");
        abstractionsFiles.ShouldContain("lib/net10.0/ConnectorHost.Abstractions.xml", "the XML docs travel with the package");
        Dependencies(abstractions).ShouldBe(["Microsoft.Extensions.DependencyInjection.Abstractions", "Microsoft.Extensions.Logging.Abstractions"], ignoreOrder: true);
        var repository = abstractions.Descendants().Single(e => e.Name.LocalName == "repository");
        ((string?)repository.Attribute("url")).ShouldNotBeNullOrEmpty();
        ((string?)repository.Attribute("commit")).ShouldNotBeNull().Length.ShouldBe(40, "the package names the commit it was built from");
        File.Exists(Path.Combine(workspace.Packages, $"ConnectorHost.Abstractions.{version}.snupkg")).ShouldBeTrue("symbols are packed beside it");

        var (testingFiles, testing) = Open($"ConnectorHost.Testing.{version}.nupkg");
        testingFiles.ShouldContain("lib/net10.0/ConnectorHost.Testing.dll");
        testingFiles.ShouldContain("lib/net10.0/ConnectorHost.dll", "the kit runs the host's own store, mailer and binder");
        testingFiles.ShouldContain("lib/net10.0/ConnectorHost.Testing.xml");
        testingFiles.ShouldContain("lib/net10.0/ConnectorHost.xml", "the host types in the kit's API (RunOutcome, LedgerEntry, PluginRulesResult) have their docs");
        Dependencies(testing).ShouldContain("ConnectorHost.Abstractions");

        var (templateFiles, _) = Open($"ConnectorHost.Templates.{version}.nupkg");
        templateFiles.ShouldContain("content/connectorhost-plugin/.template.config/template.json");

        // SDK-9: every version a third party reads comes from ConnectorHostSdkVersion, written in when packed.
        Entry($"ConnectorHost.Abstractions.{version}.nupkg", "README.md").ShouldContain($"Version=\"{version}\"");
        Entry($"ConnectorHost.Templates.{version}.nupkg", "content/connectorhost-plugin/Directory.Build.props").ShouldContain($"<ConnectorHostSdkVersion>{version}</ConnectorHostSdkVersion>");
        foreach (var package in new[] { "Abstractions", "Testing", "Templates" })
        {
            Entry($"ConnectorHost.{package}.{version}.nupkg", "README.md").ShouldNotContain("{{", customMessage: package);
        }
        templateFiles.ShouldNotContain(f => f.Contains("/bin/", StringComparison.Ordinal) || f.Contains("/obj/", StringComparison.Ordinal));
    }

    [Fact]
    [Trait("Req", "SDK-1")]
    public async Task A_public_member_added_to_the_abstractions_without_a_line_in_PublicAPI_Unshipped_fails_the_build()
    {
        var repo = RepoRoot.Find();
        var copy = Path.Combine(workspace.Root, "api-check");
        foreach (var file in new[] { "Directory.Build.props", "Directory.Packages.props", "global.json", Path.Combine("sdk", "Package.props") })
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(copy, file))!);
            File.Copy(Path.Combine(repo, file), Path.Combine(copy, file));
        }

        var project = Path.Combine(copy, "abstractions", "ConnectorHost.Abstractions");
        CopyFolder(Path.Combine(repo, "abstractions", "ConnectorHost.Abstractions"), project);
        await File.WriteAllTextAsync(Path.Combine(project, "Plugins", "Added.cs"), "namespace ConnectorHost.Abstractions.Plugins;\n/// <summary>New.</summary>\npublic static class Added\n{\n    /// <summary>New.</summary>\n    public static int Answer => 42;\n}\n");

        var (exit, output) = await ProcessRunner.RunUncheckedAsync(project, SdkWorkspace.Patience, null, "dotnet", "build", "-c", SdkWorkspace.Configuration);

        exit.ShouldNotBe(0, output);
        output.ShouldContain("error RS0016: Symbol 'ConnectorHost.Abstractions.Plugins.Added' is not part of the declared public API");
    }

    [Fact]
    [Trait("Req", "SDK-2")]
    [Trait("Req", "SDK-3")]
    [Trait("Req", "SDK-4")]
    [Trait("Req", "SDK-5")]
    [Trait("Req", "SDK-6")]
    [Trait("Req", "SDK-7")]
    [Trait("Req", "SDK-9")]
    public async Task A_plugin_made_from_the_template_builds_passes_its_tests_is_listed_by_the_host_and_is_replaced_while_the_host_runs()
    {
        workspace.NewOutput.ShouldContain("was created successfully");
        File.Exists(Path.Combine(workspace.Project, "src", "Acme.Echo", "templates", "acme.echo-report.text.scriban")).ShouldBeTrue();
        workspace.GeneratedNuGetConfig.ShouldContain($"<add key=\"connectorhost-local\" value=\"{workspace.Packages}\" />", Case.Sensitive, "--local-feed writes the nuget.config");

        // Its tests include the host's loader rules (PluginCheck) and one end to end through the host's runner (PipelineHarness).
        var test = await ProcessRunner.RunAsync(workspace.Project, SdkWorkspace.Patience, null, "dotnet", "test", "Acme.Echo.slnx", "--logger", "console;verbosity=normal");
        // With a console logger at normal verbosity, dotnet test ends with "Test Run Successful." and the totals.
        test.ShouldContain("Test Run Successful.");
        test.ShouldContain("Total tests: 5");
        test.ShouldContain("Passed: 5");
        test.ShouldContain("Passed Acme.Echo.Tests.SignTaskTests.End_to_end_through_the_hosts_pipeline_runner_each_file_is_signed_once_and_a_missing_inbox_fails_the_run");
        test.ShouldContain("Passed Acme.Echo.Tests.PluginTests.The_host_would_load_the_plugin");

        var plugins = Path.Combine(workspace.Root, "host", "plugins");
        await ProcessRunner.RunAsync(workspace.Project, SdkWorkspace.Patience, null, "dotnet", "publish", Path.Combine("src", "Acme.Echo"), "-c", "Release", "-o", Path.Combine(plugins, "Acme.Echo"));
        File.Exists(Path.Combine(plugins, "Acme.Echo", "ConnectorHost.Abstractions.dll")).ShouldBeFalse("the plugin ships no copy of the contracts");
        var config = Path.Combine(workspace.Root, "host", "connectorhost.yaml");
        await File.WriteAllTextAsync(config, "host:\n  dataFolder: data\n  plugins: plugins\n  mail:\n    templatesFolder: templates\npipelines:\n  - name: echo\n    every: 1s\n    task:\n      type: acme.echo.sign\n      settings: { inbox: in, outbox: out, signingKey: x, mailReport: false }\n");

        using var host = HostProcess.Start("plugins", "--config", config);
        (await host.WaitForExitAsync(SdkWorkspace.Patience)).ShouldBe(0, host.Output);

        host.Output.ShouldContain($"Acme.Echo 1.0.0 (targets ConnectorHost.Abstractions {AbstractionsVersion.Current})");
        host.Output.ShouldContain("acme.echo.sign (SyncTask): Signs every new or changed file");
        host.Output.ShouldContain("signingKey (text, required, secret, example ${ACME_FOO_SIGNING_KEY})");
        host.Output.ShouldContain(@"pattern (text, pattern ^[^/\\]+$, default *.txt, example *.xml)");
        host.Output.ShouldContain("list (view, read-only): Show every signed file");

        await ReplaceWhileTheHostRunsAsync(plugins, config);
    }

    [Fact]
    [Trait("Req", "SDK-7")]
    public async Task A_plugin_made_from_the_template_with_a_type_name_against_the_rule_fails_its_own_tests()
    {
        var folder = Path.Combine(workspace.Root, "work-bad");
        await workspace.New("Acme.Invoices", folder);
        var project = Path.Combine(folder, "Acme.Invoices");
        await workspace.PinPackageFoldersAsync(project);
        var factory = Path.Combine(project, "src", "Acme.Invoices", "SignTaskFactory.cs");
        await File.WriteAllTextAsync(factory, (await File.ReadAllTextAsync(factory)).Replace("\"acme.invoices.sign\"", "\"acme.invoices.daily-summary\"", StringComparison.Ordinal));

        var (exit, output) = await ProcessRunner.RunUncheckedAsync(project, SdkWorkspace.Patience, null, "dotnet", "test", "Acme.Invoices.slnx");

        exit.ShouldNotBe(0, output);
        output.ShouldContain("The_host_would_load_the_plugin [FAIL]");
        output.ShouldContain("The host would refuse plugin 'Acme.Invoices'");
        output.ShouldContain("Component type name 'acme.invoices.daily-summary' of plugin 'Acme.Invoices'");
        output.ShouldContain("no dashes, underscores or capitals");
        output.ShouldContain("Failed:     1, Passed:     4");
    }

    /// <summary>SDK-4: a changed build replaces the running one without a restart; a broken one leaves it running.</summary>
    private async Task ReplaceWhileTheHostRunsAsync(string plugins, string config)
    {
        var hostFolder = Path.GetDirectoryName(config)!;
        Directory.CreateDirectory(Path.Combine(hostFolder, "in"));
        await File.WriteAllTextAsync(Path.Combine(hostFolder, "in", "a.txt"), "a");
        using var host = HostProcess.Start("run", "--config", config);
        await host.WaitUntilAsync(() => host.Output.Contains("(Acme.Echo 1.0.0)", StringComparison.Ordinal), SdkWorkspace.Patience);

        // The changed build: version 2.0.0, published elsewhere and copied over the running plugin's folder.
        var pluginSource = Path.Combine(workspace.Project, "src", "Acme.Echo", "Plugin.cs");
        await File.WriteAllTextAsync(pluginSource, (await File.ReadAllTextAsync(pluginSource)).Replace("Version = \"1.0.0\"", "Version = \"2.0.0\"", StringComparison.Ordinal));
        var staging = Path.Combine(workspace.Root, "staging", "Acme.Echo");
        await ProcessRunner.RunAsync(workspace.Project, SdkWorkspace.Patience, null, "dotnet", "publish", Path.Combine("src", "Acme.Echo"), "-c", "Release", "-o", staging);
        foreach (var file in Directory.GetFiles(staging))
        {
            File.Copy(file, Path.Combine(plugins, "Acme.Echo", Path.GetFileName(file)), overwrite: true);
        }

        // The host logs the reload once the plugin's pipelines are restarted, so a run of the new version may be logged
        // before it: wait for both lines.
        await host.WaitUntilAsync(
            () => host.Output.Contains("(Acme.Echo 2.0.0)", StringComparison.Ordinal) && host.Output.Contains("in place of 1.0.0", StringComparison.Ordinal),
            SdkWorkspace.Patience);
        host.Output.ShouldContain("Acme.Echo 2.0.0 (targets ConnectorHost.Abstractions");
        host.Output.ShouldContain("in place of 1.0.0; pipelines:");
        host.Output.ShouldContain("Pipeline echo has drained");

        // A broken build: not a .NET assembly. The running version stays and keeps running.
        await File.WriteAllTextAsync(Path.Combine(plugins, "Acme.Echo", "Acme.Echo.dll"), "not an assembly");
        await host.WaitUntilAsync(() => host.Output.Contains("the new version is not loaded", StringComparison.Ordinal), SdkWorkspace.Patience);
        var runsBefore = Runs(host.Output);
        await host.WaitUntilAsync(() => Runs(host.Output) > runsBefore, SdkWorkspace.Patience);
        host.Output.ShouldContain("Acme.Echo 2.0.0 (targets ConnectorHost.Abstractions " + AbstractionsVersion.Current + ") keeps running");

        host.Terminate();
        (await host.WaitForExitAsync(SdkWorkspace.Patience)).ShouldBe(0, host.Output);
    }

    private static int Runs(string output) =>
        output.Split('\n').Count(line => line.Contains("(Acme.Echo 2.0.0)", StringComparison.Ordinal));

    private (IReadOnlyList<string> Files, XDocument Nuspec) Open(string package)
    {
        using var zip = ZipFile.OpenRead(Path.Combine(workspace.Packages, package));
        var files = zip.Entries.Select(e => e.FullName).ToList();
        using var nuspec = zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).Open();
        return (files, XDocument.Load(nuspec));
    }

    private string Entry(string package, string path)
    {
        using var zip = ZipFile.OpenRead(Path.Combine(workspace.Packages, package));
        using var reader = new StreamReader(zip.GetEntry(path).ShouldNotBeNull($"{path} in {package}").Open());
        return reader.ReadToEnd();
    }

    private static List<string> Dependencies(XDocument nuspec) =>
        [.. nuspec.Descendants().Where(e => e.Name.LocalName == "dependency").Select(e => (string)e.Attribute("id")!)];

    private static void CopyFolder(string from, string to)
    {
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(from, file);
            if (relative.StartsWith("bin", StringComparison.Ordinal) || relative.StartsWith("obj", StringComparison.Ordinal))
            {
                continue;
            }

            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(to, relative))!);
            File.Copy(file, Path.Combine(to, relative));
        }
    }
}

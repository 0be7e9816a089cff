using ConnectorHost.Tests.EndToEnd;
using ConnectorHost.Tests.Support;

namespace ConnectorHost.Tests.FieldReadiness;

/// <summary>
/// FR-2 and FR-3 on a real release folder: <c>dotnet publish host -c Release -o OUT</c> once for the class, then the
/// folder is checked and run from another working folder, as a service manager would start it.
/// </summary>
public sealed class ReleaseFolderTests(ReleaseFolderTests.Release release) : IClassFixture<ReleaseFolderTests.Release>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);
    private static readonly string[] Plugins = ["AccountingTasks", "CaseWareCloud", "Certipost", "ClientOnline", "Samples", "Sandbox"];

    [Fact]
    [Trait("Req", "FR-2")]
    public void The_release_folder_holds_the_host_every_plugin_in_its_own_folder_and_the_configuration()
    {
        var output = release.Folder;
        File.Exists(Path.Combine(output, "ConnectorHost.dll")).ShouldBeTrue();
        Directory.GetDirectories(Path.Combine(output, "plugins")).Select(Path.GetFileName).Order(StringComparer.Ordinal).ShouldBe(Plugins);
        foreach (var plugin in Plugins)
        {
            var folder = Path.Combine(output, "plugins", plugin);
            Directory.GetFiles(folder, "ConnectorHost.*.dll").ShouldNotBeEmpty($"the plugin {plugin}");
            File.Exists(Path.Combine(folder, "ConnectorHost.Abstractions.dll")).ShouldBeFalse($"{plugin} must share the host's abstractions, not ship its own");
        }

        File.ReadAllText(Path.Combine(output, "config", "connectorhost.yaml")).ShouldContain("plugins: ../plugins");
        File.Exists(Path.Combine(output, "config", "connectorhost.schema.json")).ShouldBeTrue();
        Directory.GetFiles(Path.Combine(output, "config", "templates"), "*.scriban").ShouldNotBeEmpty();
        File.Exists(Path.Combine(output, "config", "samples", "relaties.csv")).ShouldBeTrue("the default configuration's demo data");
    }

    [Fact]
    [Trait("Req", "FR-2")]
    public async Task Validate_of_the_release_folder_exits_0_from_any_working_folder()
    {
        using var elsewhere = new TempFolder();
        var result = await ExternalCommand.RunAsync("dotnet", [Path.Combine(release.Folder, "ConnectorHost.dll"), "validate"], elsewhere.Path, Patience);

        result.ExitCode.ShouldBe(0, result.Output);
        result.Output.ShouldContain(Path.Combine(release.Folder, "config", "connectorhost.yaml"));
        result.Output.ShouldContain("casewarecloud.sync");
    }

    [Fact]
    [Trait("Req", "FR-3")]
    public async Task A_stop_request_to_the_released_host_lets_running_work_finish_and_exits_0()
    {
        using var site = new TempFolder();
        var plugins = site.Combine("plugins");
        CopyFolder(Path.Combine(release.Folder, "plugins", "Samples"), Path.Combine(plugins, "Samples"));
        CopyFolder(Path.Combine(RepoRoot.Find(), "artifacts", "test-plugins", "SlowPlugin"), Path.Combine(plugins, "Slow"));
        var config = site.Combine("connectorhost.yaml");
        File.WriteAllText(config, $"""
            host:
              dataFolder: data
              plugins: plugins
              shutdownTimeout: 30s
            pipelines:
              - name: slow-work
                every: 1h
                task:
                  type: test.slow
                  settings:
                    duration: 4s
            """);
        using var elsewhere = new TempFolder();
        using var host = HostProcess.StartProgram(Path.Combine(release.Folder, "ConnectorHost.dll"), elsewhere.Path, "run", "--config", config);
        await host.WaitUntilAsync(() => host.Output.Contains("Slow work started", StringComparison.Ordinal), Patience);

        host.Terminate();
        var exit = await host.WaitForExitAsync(Patience);

        exit.ShouldBe(0, host.Output);
        host.Output.ShouldContain("Pipeline slow-work run Succeeded");
        host.Output.ShouldContain("slow work of 4s finished");
        host.Output.ShouldNotContain("was stopped by shutdown");
        host.Output.ShouldContain("ConnectorHost stopped; unfinished work resumes at the next start");
    }

    [Fact]
    [Trait("Req", "FR-3")]
    public async Task The_systemd_unit_in_the_release_folder_is_valid_and_runs_the_released_program()
    {
        var unit = Path.Combine(release.Folder, "connectorhost.service");
        var text = File.ReadAllText(unit);
        text.ShouldContain("Type=notify");
        text.ShouldContain("ExecStart=/opt/connectorhost/ConnectorHost run");
        text.ShouldContain("KillSignal=SIGTERM");

        // systemd-analyze checks the syntax; it also wants the program and user to exist, which they do not on a build machine.
        var result = await ExternalCommand.RunAsync("systemd-analyze", ["verify", unit], release.Folder, Patience);
        var problems = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(l => l.Contains("connectorhost.service", StringComparison.Ordinal))
            .Where(l => !l.Contains("/opt/connectorhost/ConnectorHost", StringComparison.Ordinal) && !l.Contains("Failed to resolve user", StringComparison.Ordinal)
                        && !l.Contains("Failed to resolve group", StringComparison.Ordinal) && !l.Contains("is not executable", StringComparison.Ordinal))
            .ToList();
        problems.ShouldBeEmpty(result.Output);
    }

    private static void CopyFolder(string from, string to)
    {
        Directory.Exists(from).ShouldBeTrue($"{from} is built with the tests");
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    /// <summary>One release folder for the class: published from this working tree into a temporary folder.</summary>
    public sealed class Release : IAsyncLifetime
    {
        private readonly TempFolder _folder = new();

        public string Folder => _folder.Combine("OUT");

        public async Task InitializeAsync()
        {
            var publish = await ExternalCommand.RunAsync("dotnet", ["publish", "host", "-c", "Release", "-o", Folder, "-nologo", "-v", "quiet"], RepoRoot.Find(), TimeSpan.FromMinutes(15));
            publish.ExitCode.ShouldBe(0, publish.Output);
        }

        public Task DisposeAsync()
        {
            _folder.Dispose();
            return Task.CompletedTask;
        }
    }
}

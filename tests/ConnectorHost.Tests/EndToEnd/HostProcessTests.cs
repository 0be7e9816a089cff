using ConnectorHost.Tests.Support;

namespace ConnectorHost.Tests.EndToEnd;

/// <summary>The real host process: loads the built sample plugin, runs its pipeline, stops gracefully on SIGTERM.</summary>
public sealed class HostProcessTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private string WriteConfig(string every)
    {
        var file = _folder.Combine("connectorhost.yaml");
        File.WriteAllText(file, $"""
            host:
              dataFolder: data
              plugins: {Path.Combine(RepoRoot.Find(), "artifacts", "plugins")}
              shutdownTimeout: 10s
            pipelines:
              - name: samples-demo
                every: {every}
                source:
                  type: samples.folder
                  settings:
                    folder: data/inbox
                    doneFolder: data/done
                    errorFolder: data/error
                    stableFor: 0s
                    createFolders: true
                target:
                  type: samples.copy
                  settings:
                    folder: data/portal
            """);
        return file;
    }

    [Fact]
    [Trait("Req", "H-4")]
    [Trait("Req", "H-1")]
    public async Task The_host_runs_the_sample_connector_and_stops_gracefully_on_sigterm()
    {
        var config = WriteConfig("1h");
        Directory.CreateDirectory(_folder.Combine("data", "inbox"));
        File.WriteAllText(_folder.Combine("data", "inbox", "12345678_jaarrekening.pdf"), "%PDF-1.7 demo");
        using var host = HostProcess.Start("run", "--config", config);

        await host.WaitUntilAsync(() => File.Exists(_folder.Combine("data", "done", "12345678_jaarrekening.pdf")), Patience);
        File.Exists(_folder.Combine("data", "portal", "12345678_jaarrekening.pdf")).ShouldBeTrue();
        File.Exists(_folder.Combine("data", "state.db")).ShouldBeTrue();

        // A file dropped while the host waits an hour for its next run is picked up by the folder watcher.
        File.WriteAllText(_folder.Combine("data", "inbox", "87654321_aangifte.pdf"), "%PDF-1.7 second");
        await host.WaitUntilAsync(() => File.Exists(_folder.Combine("data", "done", "87654321_aangifte.pdf")), Patience);

        host.Terminate();
        var exit = await host.WaitForExitAsync(Patience);

        exit.ShouldBe(0, host.Output);
        host.Output.ShouldMatch(@"WRN\] Plugin Samples \d+\.\d+\.\d+ loaded from \S+ConnectorHost\.Plugins\.Samples\.dll \(SHA-256 [0-9a-f]{64}\)");
        host.Output.ShouldContain("ConnectorHost stopped; unfinished work resumes at the next start");
        Directory.GetFiles(_folder.Combine("data", "logs")).ShouldNotBeEmpty();
    }

    [Fact]
    public async Task The_host_exits_1_with_a_clear_error_when_its_state_store_cannot_be_opened()
    {
        var config = WriteConfig("1h");
        File.WriteAllText(_folder.Combine("data"), "a file where the data folder should be");
        using var host = HostProcess.Start("run", "--config", config);

        var exit = await host.WaitForExitAsync(Patience);

        exit.ShouldBe(1, host.Output);
        host.Output.ShouldContain("ConnectorHost stopped on an error:");
    }

    [Fact]
    [Trait("Req", "H-2")]
    public async Task The_host_refuses_to_start_on_a_bad_configuration_with_exit_code_2()
    {
        var config = WriteConfig("often");
        using var host = HostProcess.Start("run", "--config", config);

        var exit = await host.WaitForExitAsync(Patience);

        exit.ShouldBe(2);
        host.Output.ShouldContain("connectorhost.yaml:7:12: error: pipelines[0].every: expected a duration");
    }
}

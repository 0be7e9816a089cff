using ConnectorHost.Composition;
using ConnectorHost.Tests.Support;

namespace ConnectorHost.Tests.EndToEnd;

/// <summary>The real host process: loads the built sample plugin, runs its pipeline, stops gracefully on SIGTERM.</summary>
public sealed class HostProcessTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    /// <summary>glibc malloc arenas besides the main heap that the runtime's threads made before <c>Main</c> (4), and one to spare.</summary>
    private const int ArenasMadeBeforeTheHostsFirstLine = 5;
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
    [Trait("Req", "OF-5")]
    public async Task The_host_keeps_its_native_heap_in_two_malloc_arenas_however_many_threads_allocate()
    {
        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException("glibc's malloc arenas are a Linux matter; this suite runs on Linux.");
        }

        var config = WriteConfig("1s");
        var inbox = Directory.CreateDirectory(_folder.Combine("data", "inbox")).FullName;
        for (var i = 0; i < 40; i++)
        {
            File.WriteAllText(Path.Combine(inbox, $"{10000000 + i}_jaarrekening.pdf"), "%PDF-1.7 demo " + i);
        }

        using var host = HostProcess.Start("run", "--config", config);
        await host.WaitUntilAsync(() => Directory.Exists(_folder.Combine("data", "done")) && Directory.GetFiles(_folder.Combine("data", "done")).Length == 40, Patience);

        // Without the cap glibc gives each new thread that allocates an arena of its own, up to 8 per core: this host
        // held 13-15 here. The cap is set at the host's first line, when the runtime's own threads (finalizer, signals,
        // diagnostics) have made theirs: 4 here; the host's threads, the thread pool's and SQLite's make no more.
        MallocArenas.Of(host.Id).ShouldBeLessThanOrEqualTo(ArenasMadeBeforeTheHostsFirstLine, $"non-main malloc arenas in the host's /proc/{host.Id}/maps");
        host.Terminate();
        (await host.WaitForExitAsync(Patience)).ShouldBe(0, host.Output);
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

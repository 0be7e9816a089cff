using ConnectorHost.Tests.EndToEnd;
using ConnectorHost.Tests.Support;

namespace ConnectorHost.Tests.FieldReadiness;

/// <summary>
/// FH-8: what the built host writes is its own — the data folder, the state database with its -wal and -shm files,
/// the logs and the files a pipeline writes are 0700 / 0600 although the host is started with umask 022 (this test's)
/// — and the systemd unit locks the service down with the data folder outside the program folder.
/// </summary>
[Trait("Req", "FH-8")]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // file modes and owners are a Unix matter
public sealed class FileModesTests : IDisposable
{
    private const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode OwnerOnlyFolder = OwnerOnlyFile | UnixFileMode.UserExecute;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task The_database_its_wal_the_logs_and_written_files_are_0600_in_0700_folders()
    {
        var config = _folder.Combine("connectorhost.yaml");
        File.WriteAllText(config, $"""
            host:
              dataFolder: state
              plugins: {Path.Combine(RepoRoot.Find(), "artifacts", "plugins")}
              reloadPlugins: false
              shutdownTimeout: 5s
            pipelines:
              - name: samples-demo
                every: 1h
                source:
                  type: samples.folder
                  settings:
                    folder: office/inbox
                    doneFolder: office/done
                    errorFolder: office/error
                    stableFor: 0s
                    createFolders: true
                target:
                  type: samples.copy
                  settings:
                    folder: office/portal
            """);
        foreach (var folder in new[] { "inbox", "done", "error", "portal" })
        {
            Directory.CreateDirectory(_folder.Combine("office", folder));
        }

        File.WriteAllText(_folder.Combine("office", "inbox", "12345678_jaarrekening.pdf"), "%PDF-1.7 modes");
        using var host = HostProcess.Start("run", "--config", config);
        await host.WaitUntilAsync(() => File.Exists(_folder.Combine("office", "done", "12345678_jaarrekening.pdf")), Patience);

        var state = _folder.Combine("state");
        var written = Directory.GetFiles(state, "state.db*").Append(_folder.Combine("office", "portal", "12345678_jaarrekening.pdf"))
            .Concat(Directory.GetFiles(Path.Combine(state, "logs")))
            .ToList();
        written.ShouldContain(Path.Combine(state, "state.db"));
        written.Count(f => f.StartsWith(Path.Combine(state, "logs"), StringComparison.Ordinal)).ShouldBeGreaterThan(0, "a log file is written");
        foreach (var file in written)
        {
            File.GetUnixFileMode(file).ShouldBe(OwnerOnlyFile, file);
        }

        foreach (var folder in new[] { state, Path.Combine(state, "logs") })
        {
            File.GetUnixFileMode(folder).ShouldBe(OwnerOnlyFolder, folder);
        }

        host.Terminate();
        (await host.WaitForExitAsync(Patience)).ShouldBe(0, host.Output);
    }

    [Fact]
    public async Task The_systemd_unit_is_locked_down_with_the_data_folder_outside_the_program_folder()
    {
        var unit = Path.Combine(RepoRoot.Find(), "host", "Service", "connectorhost.service");
        var settings = File.ReadAllLines(unit).Where(l => l.Contains('=', StringComparison.Ordinal) && !l.StartsWith('#'))
            .Select(l => l.Split('=', 2)).ToLookup(p => p[0], p => p[1]);

        settings["UMask"].ShouldBe(["0077"]);
        settings["ProtectSystem"].ShouldBe(["strict"]);
        settings["ProtectHome"].ShouldBe(["true"]);
        settings["PrivateDevices"].ShouldBe(["true"]);
        settings["RestrictAddressFamilies"].ShouldBe(["AF_UNIX AF_INET AF_INET6"]);
        settings["ReadWritePaths"].ShouldBe(["/var/lib/connectorhost"]);
        settings["StateDirectory"].ShouldBe(["connectorhost"]);
        settings["WorkingDirectory"].Single().ShouldStartWith("/opt/connectorhost");
        settings["ReadWritePaths"].ShouldAllBe(p => !p.StartsWith("/opt/connectorhost", StringComparison.Ordinal), "the data folder is outside the program folder");

        var result = await ExternalCommand.RunAsync("systemd-analyze", ["verify", unit], _folder.Path, Patience);
        var problems = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(l => l.Contains("connectorhost.service", StringComparison.Ordinal))
            .Where(l => !l.Contains("/opt/connectorhost/ConnectorHost", StringComparison.Ordinal) && !l.Contains("Failed to resolve user", StringComparison.Ordinal)
                        && !l.Contains("Failed to resolve group", StringComparison.Ordinal) && !l.Contains("is not executable", StringComparison.Ordinal))
            .ToList();
        problems.ShouldBeEmpty(result.Output);
    }
}

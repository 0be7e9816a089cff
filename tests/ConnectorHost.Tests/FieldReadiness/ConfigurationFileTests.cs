using System.Diagnostics;
using ConnectorHost.Tests.EndToEnd;
using ConnectorHost.Tests.Support;

namespace ConnectorHost.Tests.FieldReadiness;

/// <summary>
/// FH-7 (and FH-1 for the configuration) on the built program: a <c>${file:}</c> reference or a configuration that is a
/// named pipe is refused without being opened, by <c>validate</c> and by a live reload; an edit written in two steps
/// is read only once it has stayed unchanged for a second, so its half is never applied.
/// </summary>
public sealed class ConfigurationFileTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private string ConfigFile => _folder.Combine("connectorhost.yaml");

    private void WriteConfig(string every, string description) => File.WriteAllText(ConfigFile, $"""
        host:
          dataFolder: data
          plugins: {Path.Combine(RepoRoot.Find(), "artifacts", "plugins")}
          shutdownTimeout: 10s
        pipelines:
          - name: edited
            description: {description}
            {every}
            source:
              type: samples.folder
              settings: {"{"} folder: data/inbox, doneFolder: data/done, errorFolder: data/error, createFolders: true, stableFor: 0s {"}"}
            target:
              type: samples.copy
              settings:
                folder: data/portal
        """);

    [Fact]
    [Trait("Req", "FH-7")]
    [Trait("Req", "FH-1")]
    public async Task Validate_refuses_a_secret_file_or_a_configuration_that_is_a_named_pipe_at_once_instead_of_hanging()
    {
        Mkfifo(_folder.Combine("secret-pipe"));
        WriteConfig("every: 1h", "${file:secret-pipe}");

        using var validate = HostProcess.Start("validate", "--config", ConfigFile);
        var exit = await validate.WaitForExitAsync(Patience);

        exit.ShouldNotBe(0, validate.Output);
        validate.Output.ShouldContain("referenced by ${file:secret-pipe} is not read: 'secret-pipe' is a named pipe (FIFO), not a regular file");

        Mkfifo(_folder.Combine("pipe.yaml"));
        using var validatePipe = HostProcess.Start("validate", "--config", _folder.Combine("pipe.yaml"));
        (await validatePipe.WaitForExitAsync(Patience)).ShouldNotBe(0, validatePipe.Output);
        validatePipe.Output.ShouldContain("the configuration file cannot be read: 'pipe.yaml' is a named pipe (FIFO)");
    }

    [Fact]
    [Trait("Req", "FH-7")]
    public async Task An_edit_undone_within_a_second_is_never_applied_and_a_pipe_secret_in_an_edit_is_refused_without_blocking_the_reloads()
    {
        WriteConfig("every: 1h", "first");
        using var host = HostProcess.Start("run", "--config", ConfigFile);
        await host.WaitUntilAsync(() => host.Output.Contains("for edits: a valid edit applies without a restart", StringComparison.Ordinal), Patience);

        // Written in two steps 400 ms apart, the second undoing the first: the first is never read as the configuration.
        WriteConfig("every: 1s", "first");
        await Task.Delay(400);
        WriteConfig("every: 1h", "first");
        await host.WaitUntilAsync(() => host.Output.Contains("reloaded:", StringComparison.Ordinal), Patience);
        host.Output.ShouldNotContain("restarted edited");

        // A secret that is a pipe: the edit is refused at once, naming it, and the next edit still applies.
        Mkfifo(_folder.Combine("secret-pipe"));
        WriteConfig("every: 1h", "${file:secret-pipe}");
        await host.WaitUntilAsync(() => host.Output.Contains("is not applied: 1 error(s)", StringComparison.Ordinal), Patience);
        host.Output.ShouldContain("is a named pipe (FIFO), not a regular file");
        WriteConfig("every: 2h", "second");
        await host.WaitUntilAsync(() => host.Output.Contains("reloaded: restarted edited", StringComparison.Ordinal), Patience);

        host.Terminate();
        (await host.WaitForExitAsync(Patience)).ShouldBe(0, host.Output);
    }

    private static void Mkfifo(string path)
    {
        using var process = Process.Start("mkfifo", [path]);
        process.WaitForExit();
        process.ExitCode.ShouldBe(0);
    }
}

using System.Diagnostics;
using ConnectorHost.Tests.Support;

namespace ConnectorHost.Tests.Sdk;

/// <summary>
/// SDK-5: <c>command &lt;pipeline&gt; &lt;view&gt;</c> as a script uses it: the built host as a process, the sample
/// plugin's <c>samples.sign</c> task (which logs while it lists), another pipeline whose secret is not set.
/// </summary>
[Trait("Req", "SDK-5")]
public sealed class CommandOutputTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task A_view_writes_its_table_to_stdout_its_logs_to_stderr_and_needs_only_its_own_pipelines_secrets()
    {
        var config = _folder.Combine("connectorhost.yaml");
        Directory.CreateDirectory(_folder.Combine("in"));
        await File.WriteAllTextAsync(_folder.Combine("in", "a.txt"), "a");
        await File.WriteAllTextAsync(config, $"""
            host:
              dataFolder: data
              plugins: {Path.Combine(RepoRoot.Find(), "artifacts", "plugins")}
            pipelines:
              - name: signing
                every: 1h
                task:
                  type: samples.sign
                  settings: {"{"} inbox: in, outbox: out, signingKey: "${"{"}SAMPLES_KEY{"}"}", mailReport: false {"}"}
              - name: other
                every: 1h
                task:
                  type: samples.sign
                  settings: {"{"} inbox: in, outbox: out2, signingKey: "${"{"}OTHER_KEY_NOT_SET{"}"}" {"}"}
            """);
        var environment = new Dictionary<string, string> { ["SAMPLES_KEY"] = "k" };
        var runOnce = await RunAsync(new Dictionary<string, string> { ["SAMPLES_KEY"] = "k", ["OTHER_KEY_NOT_SET"] = "o" }, "run-once", "signing", "--config", config);
        runOnce.Exit.ShouldBe(0, runOnce.Stderr + runOnce.Stdout);

        var (exit, stdout, stderr) = await RunAsync(environment, "command", "signing", "list", "--config", config);

        exit.ShouldBe(0, stderr);
        stdout.ShouldContain("Signed files");
        stdout.ShouldContain("a.txt");
        stdout.ShouldNotContain("[INF]", customMessage: "log lines belong on standard error");
        stderr.ShouldContain("Listed 1 signed file(s) of pipeline signing");
        stderr.ShouldNotContain("OTHER_KEY_NOT_SET", customMessage: "the other pipeline's secret is not needed, so not an error");
    }

    [Fact]
    public async Task Without_the_filter_the_unset_secret_of_another_pipeline_is_still_an_error_for_validate()
    {
        var config = _folder.Combine("connectorhost.yaml");
        await File.WriteAllTextAsync(config, $"""
            host:
              dataFolder: data
              plugins: {Path.Combine(RepoRoot.Find(), "artifacts", "plugins")}
            pipelines:
              - name: other
                every: 1h
                task:
                  type: samples.sign
                  settings: {"{"} inbox: in, outbox: out, signingKey: "${"{"}OTHER_KEY_NOT_SET{"}"}" {"}"}
            """);

        var (exit, stdout, stderr) = await RunAsync(new Dictionary<string, string>(), "validate", config);

        exit.ShouldBe(2);
        (stdout + stderr).ShouldContain("signingKey: unresolved reference");
    }

    private static async Task<(int Exit, string Stdout, string Stderr)> RunAsync(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "ConnectorHost.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(cancel.Token);
        return (process.ExitCode, await stdout, await stderr);
    }
}

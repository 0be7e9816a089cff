using System.Diagnostics;
using System.Text;

namespace ConnectorHost.Tests.Sdk;

/// <summary>Runs a command line (dotnet pack, dotnet new, dotnet test) to its end and fails with its whole output.</summary>
internal static class ProcessRunner
{
    public static async Task<string> RunAsync(string workingDirectory, TimeSpan timeout, IReadOnlyDictionary<string, string>? environment, string fileName, params string[] arguments)
    {
        var (exit, output) = await RunUncheckedAsync(workingDirectory, timeout, environment, fileName, arguments);
        return exit == 0
            ? output
            : throw new InvalidOperationException($"'{fileName} {string.Join(' ', arguments)}' in {workingDirectory} exited with {exit}:{Environment.NewLine}{output}");
    }

    public static async Task<(int Exit, string Output)> RunUncheckedAsync(string workingDirectory, TimeSpan timeout, IReadOnlyDictionary<string, string>? environment, string fileName, params string[] arguments)
    {
        var start = new ProcessStartInfo(fileName) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // A clean MSBuild: no node reuse across helpers, no telemetry or first-run banner in the output.
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        var output = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.AppendLine(e.Data); } } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.AppendLine(e.Data); } } };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"'{fileName} {string.Join(' ', arguments)}' in {workingDirectory} took longer than {timeout}:{Environment.NewLine}{output}");
        }

        process.WaitForExit();
        lock (output)
        {
            return (process.ExitCode, output.ToString());
        }
    }
}

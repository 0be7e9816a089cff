using System.Diagnostics;
using System.Text;

namespace ConnectorHost.Tests.Support;

/// <summary>The outcome of a program run to its end: its exit code and everything it wrote.</summary>
/// <param name="ExitCode">The exit code.</param>
/// <param name="Output">Standard output and standard error, interleaved as they arrived.</param>
internal sealed record CommandResult(int ExitCode, string Output);

/// <summary>Runs a program (git, dotnet, the published host) to its end, for the tests that act as a new user would.</summary>
internal static class ExternalCommand
{
    public static async Task<CommandResult> RunAsync(string program, IEnumerable<string> args, string workingFolder, TimeSpan timeout, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = workingFolder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        // A build started by a test must not leave MSBuild or compiler servers behind on a shared machine.
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        var output = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
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
            throw new TimeoutException($"{program} {string.Join(' ', start.ArgumentList)} did not finish within {timeout} in {workingFolder}. Output so far:{Environment.NewLine}{Text(output)}");
        }

        process.WaitForExit(); // also waits until the redirected output is read
        return new CommandResult(process.ExitCode, Text(output));
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }

    private static string Text(StringBuilder output)
    {
        lock (output)
        {
            return output.ToString();
        }
    }
}

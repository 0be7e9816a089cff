using System.Collections.Concurrent;
using System.Diagnostics;

namespace ConnectorHost.Tests.EndToEnd;

/// <summary>The built host running as a child process, its output collected line by line.</summary>
internal sealed class HostProcess : IDisposable
{
    private readonly Process _process;

    private HostProcess(Process process) => _process = process;

    public ConcurrentQueue<string> Lines { get; } = new();

    public string Output => string.Join(Environment.NewLine, Lines);

    public int Id => _process.Id;

    public static HostProcess Start(params string[] args) => Start(new Dictionary<string, string>(), args);

    public static HostProcess Start(IReadOnlyDictionary<string, string> environment, params string[] args) =>
        Start(Path.Combine(AppContext.BaseDirectory, "ConnectorHost.dll"), null, environment, args);

    /// <summary>Starts the host with <paramref name="workingDirectory"/> as its working folder (null: the test's).</summary>
    public static HostProcess StartIn(string? workingDirectory, IReadOnlyDictionary<string, string> environment, params string[] args) =>
        Start(Path.Combine(AppContext.BaseDirectory, "ConnectorHost.dll"), workingDirectory, environment, args);

    /// <summary>Starts another build of the program (a release folder's), in a working folder of the test's choice.</summary>
    public static HostProcess StartProgram(string programDll, string workingFolder, params string[] args) =>
        Start(programDll, workingFolder, new Dictionary<string, string>(), args);

    private static HostProcess Start(string programDll, string? workingFolder, IReadOnlyDictionary<string, string> environment, string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (workingFolder is not null)
        {
            start.WorkingDirectory = workingFolder;
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        start.ArgumentList.Add(programDll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var host = new HostProcess(process);
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { host.Lines.Enqueue(e.Data); } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { host.Lines.Enqueue(e.Data); } };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return host;
    }

    /// <summary>Sends SIGTERM, as a service manager does.</summary>
    public void Terminate()
    {
        using var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    /// <summary>Sends SIGKILL: the process dies at once, as on a power cut or an OOM kill, with nothing given back.</summary>
    public void KillHard()
    {
        using var kill = Process.Start("kill", ["-KILL", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
        _process.WaitForExit();
    }

    public bool HasExited => _process.HasExited;

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cancel.Token);
        _process.WaitForExit(); // the overload without a timeout also waits until the redirected output is read
        return _process.ExitCode;
    }

    public async Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout)
    {
        var stopwatch = Stopwatch.StartNew();
        while (!condition())
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The host exited ({_process.ExitCode}) early:{Environment.NewLine}{Output}");
            }

            if (stopwatch.Elapsed > timeout)
            {
                throw new TimeoutException($"Waited {timeout} in vain. Host output:{Environment.NewLine}{Output}");
            }

            await Task.Delay(50);
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process.Dispose();
    }
}

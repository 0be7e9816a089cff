using System.Diagnostics;

namespace ConnectorHost.Plugins.ClientOnline.Tests.EndToEnd;

/// <summary>
/// Kills a child host (and its children) when the test leaves its scope, also when an assertion failed: a test never
/// leaves a host running that holds ports and files.
/// </summary>
internal sealed class KillsOnDispose(Process process) : IDisposable
{
    public void Dispose()
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException) when (process.HasExited)
        {
            // It exited between the check and the kill: nothing left to stop.
        }
    }
}

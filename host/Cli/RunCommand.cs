using ConnectorHost.Composition;
using ConnectorHost.Configuration;
using ConnectorHost.Logging;
using ConnectorHost.Plugins;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ConnectorHost.Cli;

/// <summary><c>run</c>: the host itself, until Ctrl+C or SIGTERM.</summary>
internal static class RunCommand
{
    public static async Task<int> ExecuteAsync(string file, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        ConfigurationSession session;
        try
        {
            session = ConfigurationSession.Open(file, new McMasterPluginLoader(), lenient: true, forRun: true);
        }
        catch (ConfigurationException ex)
        {
            return CommandLine.Report(ex, error);
        }

        await output.WriteLineAsync($"Starting ConnectorHost with {session.Configuration.File}; press Ctrl+C to stop.").ConfigureAwait(false);
        using var host = HostRuntime.Build(session, new SecretMasker(), compactHeap: true);
        var exitState = host.Services.GetRequiredService<HostExitState>();
        try
        {
            await host.RunAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            await error.WriteLineAsync($"ConnectorHost stopped on an error: {ex.Message}").ConfigureAwait(false);
            return ExitCodes.RuntimeFailure;
        }

        var failure = exitState.Failure;
        if (failure is not null)
        {
            await error.WriteLineAsync($"ConnectorHost stopped on an error: {failure}").ConfigureAwait(false);
            return ExitCodes.RuntimeFailure;
        }

        return ExitCodes.Ok;
    }
}

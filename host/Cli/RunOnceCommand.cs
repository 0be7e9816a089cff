using ConnectorHost.Composition;
using ConnectorHost.Configuration;
using ConnectorHost.Logging;
using ConnectorHost.Pipelines;
using ConnectorHost.Plugins;
using ConnectorHost.State;
using Microsoft.Extensions.DependencyInjection;

namespace ConnectorHost.Cli;

/// <summary><c>run-once</c>: one run of one pipeline, then exit.</summary>
internal static class RunOnceCommand
{
    public static async Task<int> ExecuteAsync(string file, string pipeline, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        ConfigurationSession session;
        try
        {
            session = ConfigurationSession.Open(file, new McMasterPluginLoader(), lenient: true);
        }
        catch (ConfigurationException ex)
        {
            return CommandLine.Report(ex, error);
        }

        if (session.Configuration.Pipelines.All(p => p.Name != pipeline))
        {
            await error.WriteLineAsync(session.NoSuchPipeline(pipeline)).ConfigureAwait(false);
            return ExitCodes.BadConfiguration;
        }

        using var host = HostRuntime.Build(session, new SecretMasker());
        await host.Services.GetRequiredService<IHostStateStore>().MigrateAsync(cancellationToken).ConfigureAwait(false);
        var scheduler = host.Services.GetRequiredService<PipelineScheduler>();
        var assembler = host.Services.GetRequiredService<PipelineAssembler>();
        if (assembler.Failed.TryGetValue(pipeline, out var reason))
        {
            await error.WriteLineAsync($"error: pipeline '{pipeline}' cannot run: {reason}").ConfigureAwait(false);
            return ExitCodes.RuntimeFailure;
        }

        var result = await scheduler.RunNowAsync(pipeline, cancellationToken).ConfigureAwait(false);
        await output.WriteLineAsync($"{result.Pipeline}: {result.Outcome} in {result.Duration.TotalSeconds:0.0}s: {result.Summary}").ConfigureAwait(false);
        return result.Outcome == RunOutcome.Succeeded ? ExitCodes.Ok : ExitCodes.RuntimeFailure;
    }
}

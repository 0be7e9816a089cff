using ConnectorHost.Abstractions.Documents;
using ConnectorHost.Abstractions.Mail;
using ConnectorHost.Abstractions.Sync;
using ConnectorHost.Configuration;
using ConnectorHost.Pipelines;
using ConnectorHost.Plugins;
using ConnectorHost.State;
using Microsoft.Extensions.Logging;

namespace ConnectorHost.Composition;

/// <summary>
/// Creates each configured pipeline's components from their factories and wraps them in a runner. A pipeline whose
/// component cannot be created is reported and left out; the others still run. It owns the components: when the
/// host is disposed, every component that is disposable is disposed, last created first (a folder watcher, a SOAP
/// channel factory, a sandbox web server), and a failure to dispose one is logged, never thrown. A single pipeline's
/// components are created and released again when the <see cref="PipelineSupervisor"/> restarts it.
/// </summary>
internal sealed partial class PipelineAssembler(
    HostConfiguration configuration,
    PluginLoadReport plugins,
    IHostStateStore state,
    IMailer mailer,
    TimeProvider clock,
    ILoggerFactory loggerFactory) : IPipelineFactory, IDisposable, IAsyncDisposable
{
    private readonly ILogger _logger = loggerFactory.CreateLogger<PipelineAssembler>();
    private readonly List<(string Pipeline, object Component)> _components = [];
    private readonly Dictionary<string, List<object>> _byPipeline = new(StringComparer.Ordinal);
    private readonly Lock _componentsGate = new();

    /// <summary>Pipelines left out, with the reason, for the CLI and the dashboard.</summary>
    public System.Collections.Concurrent.ConcurrentDictionary<string, string> Failed { get; } = new(StringComparer.Ordinal);

    public IReadOnlyList<ScheduledPipeline> Assemble()
    {
        foreach (var (name, reason) in configuration.SkippedPipelines)
        {
            Failed[name] = reason;
            LogSkipped(name, reason);
        }

        var result = new List<ScheduledPipeline>();
        foreach (var pipeline in configuration.Pipelines.Where(p => p.Enabled))
        {
            try
            {
                result.Add(new ScheduledPipeline(CreateRunner(pipeline), pipeline.Schedule, PluginOf(pipeline)) { StartFirst = pipeline.StartFirst });
            }
#pragma warning disable CA1031 // a component that cannot be created takes down its own pipeline only
            catch (Exception ex)
#pragma warning restore CA1031
            {
                Failed[pipeline.Name] = ex.Message;
                LogCreateFailed(ex, pipeline.Name, ex.Message);
            }
        }

        return result;
    }

    /// <inheritdoc />
    public ScheduledPipeline Create(PipelineDefinition pipeline)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        try
        {
            var created = new ScheduledPipeline(CreateRunner(pipeline), pipeline.Schedule, PluginOf(pipeline)) { StartFirst = pipeline.StartFirst };
            Failed.TryRemove(pipeline.Name, out _);
            return created;
        }
        catch (Exception ex)
        {
            Failed[pipeline.Name] = ex.Message;
            throw;
        }
    }

    /// <inheritdoc />
    public async ValueTask ReleaseAsync(string pipeline)
    {
        List<(string Pipeline, object Component)> owned;
        lock (_componentsGate)
        {
            owned = [.. _components.Where(c => c.Pipeline == pipeline)];
            _components.RemoveAll(c => c.Pipeline == pipeline);
            _byPipeline.Remove(pipeline);
        }

        await DisposeAllAsync(owned).ConfigureAwait(false);
    }

    public IPipelineRunner CreateRunner(PipelineDefinition pipeline)
    {
        var context = new ComponentContext(pipeline.Name, configuration, loggerFactory, clock, state, mailer, pipeline.MaxInFlight);
        if (pipeline.IsDocumentPipeline)
        {
            var source = Own(pipeline, (IDocumentSource)pipeline.Source!.Factory.Create(pipeline.Source.Settings, context));
            var target = Own(pipeline, (IAccordeerTarget)pipeline.Target!.Factory.Create(pipeline.Target.Settings, context));
            return new DocumentPipelineRunner(pipeline, source, target, state.Documents, mailer, clock, loggerFactory.CreateLogger<DocumentPipelineRunner>(), state.Audit);
        }

        // A queue handler is run by the host's queue runner, which owns (and disposes) the handler.
        var (component, task) = Queues.QueueRunner.CreateSyncTask(pipeline.Task!.Factory, pipeline.Task.Settings, context);
        Own(pipeline, component, disposes: ReferenceEquals(component, task));
        if (!ReferenceEquals(component, task))
        {
            Own(pipeline, task);
        }

        return new SyncPipelineRunner(pipeline.Name, task, mailer, state, clock, loggerFactory.CreateLogger<SyncPipelineRunner>());
    }

    /// <summary>The admin commands offered by the components created so far, by pipeline (see <see cref="Abstractions.Commands.IAdminCommands"/>).</summary>
    /// <returns>The components that offer commands, per pipeline name, in the order created.</returns>
    public IReadOnlyDictionary<string, IReadOnlyList<Abstractions.Commands.IAdminCommands>> AdminCommands()
    {
        lock (_componentsGate)
        {
            return _byPipeline.ToDictionary(
                p => p.Key,
                p => (IReadOnlyList<Abstractions.Commands.IAdminCommands>)[.. p.Value.OfType<Abstractions.Commands.IAdminCommands>()],
                StringComparer.Ordinal);
        }
    }

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    public async ValueTask DisposeAsync()
    {
        List<(string Pipeline, object Component)> owned;
        lock (_componentsGate)
        {
            owned = [.. _components];
            _components.Clear();
            _byPipeline.Clear();
        }

        await DisposeAllAsync(owned).ConfigureAwait(false);
    }

    private async Task DisposeAllAsync(List<(string Pipeline, object Component)> owned)
    {
        owned.Reverse();
        foreach (var (pipeline, component) in owned)
        {
            try
            {
                if (component is IAsyncDisposable asyncDisposable)
                {
                    await asyncDisposable.DisposeAsync().ConfigureAwait(false);
                }
                else if (component is IDisposable disposable)
                {
                    disposable.Dispose();
                }
            }
#pragma warning disable CA1031 // one component that fails to stop must not keep the others running
            catch (Exception ex)
#pragma warning restore CA1031
            {
                LogDisposeFailed(ex, pipeline, component.GetType().Name, ex.Message);
            }
        }
    }

    private T Own<T>(PipelineDefinition pipeline, T component, bool disposes = true)
        where T : class
    {
        lock (_componentsGate)
        {
            if (!_byPipeline.TryGetValue(pipeline.Name, out var list))
            {
                _byPipeline[pipeline.Name] = list = [];
            }

            list.Add(component);
            if (disposes && component is IDisposable or IAsyncDisposable)
            {
                _components.Add((pipeline.Name, component));
            }
        }

        return component;
    }

    private string PluginOf(PipelineDefinition pipeline)
    {
        var factory = (pipeline.Source ?? pipeline.Task)!.Factory;
        return plugins.Plugins.FirstOrDefault(p => p.Factories.Contains(factory))?.Name ?? "unknown";
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Pipeline {Pipeline} is not started: {Reason}. Fix the plugin (see the plugin errors above) and restart the host.")]
    private partial void LogSkipped(string pipeline, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Pipeline {Pipeline}: component {Component} did not stop cleanly ({Reason})")]
    private partial void LogDisposeFailed(Exception exception, string pipeline, string component, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Pipeline {Pipeline} is not started: its components could not be created ({Reason}). The other pipelines run; fix its settings and restart.")]
    private partial void LogCreateFailed(Exception exception, string pipeline, string reason);
}

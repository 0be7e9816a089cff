using ConnectorHost.Abstractions.Plugins;
using ConnectorHost.Abstractions.Sync;
using Microsoft.Extensions.Logging;

namespace ConnectorHost.TestPlugins.Slow;

/// <summary>Registers <c>test.slow</c>, a task whose run takes a set time: a stop request arrives while it runs.</summary>
public sealed class SlowPlugin : IConnectorPlugin
{
    public string Name => "Slow";

    public void Register(IComponentRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        registry.Add(new SlowTaskFactory());
    }
}

public sealed class SlowSettings
{
    public TimeSpan Duration { get; set; } = TimeSpan.FromSeconds(5);
}

public sealed class SlowTaskFactory() : ComponentFactory<ISyncTask, SlowSettings>("test.slow", "Takes 'duration' per run, then succeeds.")
{
    public override ISyncTask Create(SlowSettings settings, IComponentContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return new SlowTask(settings, context.LoggerFactory.CreateLogger<SlowTask>());
    }
}

public sealed partial class SlowTask(SlowSettings settings, ILogger<SlowTask> logger) : ISyncTask
{
    public async Task<SyncResult> RunAsync(CancellationToken cancellationToken)
    {
        LogBusy(settings.Duration);
        await Task.Delay(settings.Duration, cancellationToken).ConfigureAwait(false);
        return SyncResult.Success($"slow work of {settings.Duration.TotalSeconds:0}s finished");
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Slow work started; it takes {Duration}")]
    private partial void LogBusy(TimeSpan duration);
}

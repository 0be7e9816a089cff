using ConnectorHost.Abstractions.Plugins;
using ConnectorHost.Abstractions.Sync;

// Compiled against the abstractions of this repository (1.2), but declares an older target: the host must not take it on trust.
[assembly: ConnectorHostPlugin("WrongTarget", "1.0.0", "1.1.0")]

namespace ConnectorHost.TestPlugins.WrongTarget;

/// <summary>A plugin whose manifest declares another abstractions version than the one it is compiled against.</summary>
public sealed class WrongTargetPlugin : IConnectorPlugin
{
    public string Name => "WrongTarget";

    public void Register(IComponentRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        registry.Add(new NoopTaskFactory());
    }
}

public sealed class NoopSettings
{
}

public sealed class NoopTaskFactory() : ComponentFactory<ISyncTask, NoopSettings>("test.wrongtarget", "Does nothing.")
{
    public override ISyncTask Create(NoopSettings settings, IComponentContext context) => new NoopTask();
}

public sealed class NoopTask : ISyncTask
{
    public Task<SyncResult> RunAsync(CancellationToken cancellationToken) => Task.FromResult(SyncResult.Success("nothing done"));
}

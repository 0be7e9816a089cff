using ConnectorHost.Abstractions.Plugins;
using ConnectorHost.Abstractions.Sync;

namespace ConnectorHost.TestPlugins.BadName;

/// <summary>Registers one badly named component (refused) and one well named (accepted).</summary>
public sealed class BadNamePlugin : IConnectorPlugin
{
    public string Name => "BadName";

    public void Register(IComponentRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        registry.Add(new NoopTaskFactory("Test.Bad_Name"));
        registry.Add(new NoopTaskFactory("test.badname.ok"));
    }
}

public sealed class NoopSettings
{
}

public sealed class NoopTaskFactory(string typeName) : ComponentFactory<ISyncTask, NoopSettings>(typeName, "Does nothing.")
{
    public override ISyncTask Create(NoopSettings settings, IComponentContext context) => new NoopTask();
}

public sealed class NoopTask : ISyncTask
{
    public Task<SyncResult> RunAsync(CancellationToken cancellationToken) => Task.FromResult(SyncResult.Success("nothing done"));
}

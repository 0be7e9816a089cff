using ConnectorHost.Abstractions.Plugins;
using ConnectorHost.Abstractions.Sync;
using Newtonsoft.Json;

namespace ConnectorHost.TestPlugins.JsonV13;

/// <summary>Registers <c>test.json13</c>, a task that serializes with Newtonsoft.Json 13.x.</summary>
public sealed class JsonV13Plugin : IConnectorPlugin
{
    public string Name => "JsonV13";

    public void Register(IComponentRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        registry.Add(new Json13TaskFactory());
    }
}

public sealed class Json13Settings
{
    public string Message { get; set; } = "hello from json13";
}

public sealed class Json13TaskFactory() : ComponentFactory<ISyncTask, Json13Settings>(
    "test.json13", "Serializes a message with Newtonsoft.Json 13.x and reports the version it ran on.")
{
    public override ISyncTask Create(Json13Settings settings, IComponentContext context) => new Json13Task(settings);
}

public sealed class Json13Task(Json13Settings settings) : ISyncTask
{
    public Task<SyncResult> RunAsync(CancellationToken cancellationToken)
    {
        var json = JsonConvert.SerializeObject(new { settings.Message });
        var version = typeof(JsonConvert).Assembly.GetName().Version;
        return Task.FromResult(SyncResult.Success($"Newtonsoft.Json {version}: {json}"));
    }
}

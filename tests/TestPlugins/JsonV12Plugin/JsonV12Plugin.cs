using ConnectorHost.Abstractions.Plugins;
using ConnectorHost.Abstractions.Sync;
using Newtonsoft.Json;

namespace ConnectorHost.TestPlugins.JsonV12;

/// <summary>Registers <c>test.json12</c>, a task that serializes with Newtonsoft.Json 12.x.</summary>
public sealed class JsonV12Plugin : IConnectorPlugin
{
    public string Name => "JsonV12";

    public void Register(IComponentRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        registry.Add(new Json12TaskFactory());
    }
}

public sealed class Json12Settings
{
    public string Message { get; set; } = "hello from json12";
}

public sealed class Json12TaskFactory() : ComponentFactory<ISyncTask, Json12Settings>(
    "test.json12", "Serializes a message with Newtonsoft.Json 12.x and reports the version it ran on.")
{
    public override ISyncTask Create(Json12Settings settings, IComponentContext context) => new Json12Task(settings);
}

public sealed class Json12Task(Json12Settings settings) : ISyncTask
{
    public Task<SyncResult> RunAsync(CancellationToken cancellationToken)
    {
        var json = JsonConvert.SerializeObject(new { settings.Message });
        var version = typeof(JsonConvert).Assembly.GetName().Version;
        return Task.FromResult(SyncResult.Success($"Newtonsoft.Json {version}: {json}"));
    }
}

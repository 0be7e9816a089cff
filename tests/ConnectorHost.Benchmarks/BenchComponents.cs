using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using ConnectorHost.Abstractions.Plugins;
using ConnectorHost.Abstractions.Sync;

namespace ConnectorHost.Benchmarks;

/// <summary>A component type for the configuration benchmark.</summary>
public static class BenchComponents
{
    public static IReadOnlyList<IComponentFactory> All { get; } = [new TaskFactory()];

    public sealed class TaskSettings
    {
        [Description("Workers.")]
        [Range(1, 16)]
        public int Workers { get; set; } = 1;
    }

    private sealed class TaskFactory() : ComponentFactory<ISyncTask, TaskSettings>("bench.task", "A benchmark task.")
    {
        public override ISyncTask Create(TaskSettings settings, IComponentContext context) => throw new NotSupportedException();
    }
}

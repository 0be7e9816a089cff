using BenchmarkDotNet.Attributes;
using ConnectorHost.Configuration;

namespace ConnectorHost.Benchmarks;

/// <summary>Reading and validating a configuration of 200 pipelines (what start-up and 'validate' pay).</summary>
[MemoryDiagnoser]
public class ConfigurationBenchmarks
{
    private string _file = string.Empty;

    [GlobalSetup]
    public void Setup()
    {
        _file = Path.Combine(Path.GetTempPath(), $"connectorhost-bench-{Guid.NewGuid():N}.yaml");
        var pipelines = Enumerable.Range(0, 200).Select(i => $"""
              - name: pipeline-{i}
                every: 5m
                task:
                  type: bench.task
                  settings: {"{"} workers: 2 {"}"}
            """);
        File.WriteAllText(_file, "pipelines:\n" + string.Join("\n", pipelines) + "\n");
    }

    [GlobalCleanup]
    public void Cleanup() => File.Delete(_file);

    [Benchmark]
    public int ParseAndValidate() =>
        ConfigurationLoader.Complete(ConfigurationLoader.Parse(_file, _ => null), BenchComponents.All).Pipelines.Count;
}

using BenchmarkDotNet.Attributes;
using ConnectorHost.Pipelines;

namespace ConnectorHost.Benchmarks;

/// <summary>The cost of a document's key (SHA-256 over content and name) for a small PDF and a large XBRL file.</summary>
[MemoryDiagnoser]
public class DocumentKeyBenchmarks
{
    private byte[] _content = [];

    [Params(100 * 1024, 20 * 1024 * 1024)]
    public int Size { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _content = new byte[Size];
        new Random(42).NextBytes(_content);
    }

    [Benchmark]
    public string Key() => DocumentKey.Compute(_content, "12345678_jaarrekening.pdf");
}

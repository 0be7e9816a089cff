using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace ConnectorHost.Testing;

/// <summary>An <see cref="ILoggerFactory"/> whose loggers write every line, with its category, into one collector.</summary>
/// <param name="collector">Receives the lines; read them with <see cref="FakeLogCollector.GetSnapshot"/>.</param>
public sealed class FakeLoggerFactory(FakeLogCollector collector) : ILoggerFactory
{
    /// <summary>Creates a factory with a collector of its own.</summary>
    public FakeLoggerFactory()
        : this(new FakeLogCollector())
    {
    }

    /// <summary>Every line logged through this factory.</summary>
    public FakeLogCollector Collector { get; } = collector;

    /// <inheritdoc />
    public ILogger CreateLogger(string categoryName) => new FakeLogger(Collector, categoryName);

    /// <inheritdoc />
    public void AddProvider(ILoggerProvider provider) =>
        throw new NotSupportedException("The test logger factory writes only to its collector; read the lines there.");

    /// <inheritdoc />
    public void Dispose()
    {
    }
}

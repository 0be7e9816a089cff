using Serilog.Core;
using Serilog.Events;

namespace ConnectorHost.Logging;

/// <summary>Makes the console show "pipeline-name: " (PipelinePrefix) before the messages of a pipeline, and nothing otherwise.</summary>
internal sealed class PipelinePrefixEnricher : ILogEventEnricher
{
    public void Enrich(LogEvent logEvent, ILogEventPropertyFactory propertyFactory)
    {
        ArgumentNullException.ThrowIfNull(logEvent);
        if (logEvent.Properties.TryGetValue("Pipeline", out var value) && value is ScalarValue { Value: string name })
        {
            logEvent.AddOrUpdateProperty(new LogEventProperty("PipelinePrefix", new ScalarValue(name + ": ")));
        }
        else
        {
            logEvent.AddPropertyIfAbsent(new LogEventProperty("PipelinePrefix", new ScalarValue(string.Empty)));
        }
    }
}

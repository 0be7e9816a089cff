using ConnectorHost.Abstractions.Mail;
using ConnectorHost.Abstractions.State;
using Microsoft.Extensions.Logging;

namespace ConnectorHost.Abstractions.Plugins;

/// <summary>The services the host offers to a component of one pipeline.</summary>
public interface IComponentContext
{
    /// <summary>The name of the pipeline the component belongs to.</summary>
    string PipelineName { get; }

    /// <summary>Creates loggers whose lines carry the pipeline and plugin as properties.</summary>
    ILoggerFactory LoggerFactory { get; }

    /// <summary>The clock. Use it instead of <see cref="DateTime.UtcNow"/> so tests can move time.</summary>
    TimeProvider Clock { get; }

    /// <summary>
    /// A folder the component may use for its own files, under the host's data folder, created on first use.
    /// </summary>
    string DataFolder { get; }

    /// <summary>The host's durable state (SQLite or PostgreSQL).</summary>
    IStateStore State { get; }

    /// <summary>Sends mails rendered from the admin's Scriban templates.</summary>
    IMailer Mail { get; }

    /// <summary>
    /// Resolves a path from the configuration: relative paths are taken from the configuration file's folder.
    /// </summary>
    /// <param name="path">The path as written in the YAML.</param>
    /// <returns>An absolute, normalised path.</returns>
    string ResolvePath(string path);

    /// <summary>
    /// The pipeline's <c>maxInFlight</c>: how many calls to an outside service its components make at the same time
    /// (OF-1; one setting, one meaning for every component). A component gives it to a <see cref="Sync.CallGate"/>.
    /// </summary>
    int MaxInFlight => DefaultMaxInFlight;

    /// <summary>The default of <c>maxInFlight</c>: 8 calls at once keep ~160 calls a second going to a service 50 ms away.</summary>
    const int DefaultMaxInFlight = 8;
}

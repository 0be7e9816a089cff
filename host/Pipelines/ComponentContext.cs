using ConnectorHost.Abstractions.Mail;
using ConnectorHost.Abstractions.Plugins;
using ConnectorHost.Abstractions.State;
using ConnectorHost.Configuration;
using Microsoft.Extensions.Logging;

namespace ConnectorHost.Pipelines;

/// <summary>What the host gives to the components of one pipeline.</summary>
internal sealed class ComponentContext(
    string pipelineName,
    HostConfiguration configuration,
    ILoggerFactory loggerFactory,
    TimeProvider clock,
    IStateStore state,
    IMailer mail,
    int maxInFlight = IComponentContext.DefaultMaxInFlight) : IComponentContext
{
    public string PipelineName { get; } = pipelineName;

    public ILoggerFactory LoggerFactory { get; } = loggerFactory;

    public TimeProvider Clock { get; } = clock;

    public string DataFolder
    {
        get
        {
            var folder = Path.Combine(configuration.DataFolder, "pipelines", PipelineName);
            Directory.CreateDirectory(folder);
            return folder;
        }
    }

    public IStateStore State { get; } = state;

    public IMailer Mail { get; } = mail;

    public string ResolvePath(string path) => configuration.ResolvePath(path);

    /// <summary>The pipeline's <c>maxInFlight</c>.</summary>
    public int MaxInFlight { get; } = maxInFlight;
}

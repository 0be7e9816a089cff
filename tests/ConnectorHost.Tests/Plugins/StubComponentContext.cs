using ConnectorHost.Abstractions.Mail;
using ConnectorHost.Abstractions.Plugins;
using ConnectorHost.Abstractions.State;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ConnectorHost.Tests.Plugins;

/// <summary>The least a component needs to be created; the test plugins use none of the host's services.</summary>
internal sealed class StubComponentContext : IComponentContext
{
    public string PipelineName => "test";

    public ILoggerFactory LoggerFactory => NullLoggerFactory.Instance;

    public TimeProvider Clock => TimeProvider.System;

    public string DataFolder => Path.GetTempPath();

    public IStateStore State => throw new NotSupportedException("The plugin-loading tests offer no state store.");

    public IMailer Mail => throw new NotSupportedException("The plugin-loading tests offer no mailer.");

    public string ResolvePath(string path) => Path.GetFullPath(path);
}

using ConnectorHost.Configuration;
using Serilog;
using Serilog.Events;

namespace ConnectorHost.Logging;

/// <summary>Builds the Serilog logger: console and a daily rolling file, secrets masked in both.</summary>
internal static class LoggingSetup
{
    private const string ConsoleTemplate = "[{Timestamp:HH:mm:ss} {Level:u3}] {PipelinePrefix}{Message:lj}{NewLine}{Exception}";
    private const string FileTemplate = "{Timestamp:yyyy-MM-dd HH:mm:ss.fff zzz} [{Level:u3}] pipeline={Pipeline} plugin={Plugin} document={Document} dossier={Dossier} {Message:lj}{NewLine}{Exception}";

    public static Serilog.Core.Logger Create(HostConfiguration? configuration, SecretMasker masker, Serilog.Core.ILogEventSink? extraSink = null, bool consoleToStandardError = false)
    {
        var level = configuration?.Host.Logging.Level switch
        {
            LogLevelSetting.Verbose => LogEventLevel.Verbose,
            LogLevelSetting.Debug => LogEventLevel.Debug,
            LogLevelSetting.Warning => LogEventLevel.Warning,
            LogLevelSetting.Error => LogEventLevel.Error,
            _ => LogEventLevel.Information,
        };
        var logger = new LoggerConfiguration()
            .MinimumLevel.Is(level)
            .MinimumLevel.Override("Microsoft", LogEventLevel.Warning)
            .MinimumLevel.Override("System", LogEventLevel.Warning)
            .Enrich.FromLogContext()
            .Enrich.With(new PipelinePrefixEnricher());
        logger.WriteTo.Sink(new SecretMaskingSink(Sinks(configuration, extraSink, consoleToStandardError), masker));
        return logger.CreateLogger();
    }

    private static Serilog.Core.Logger Sinks(HostConfiguration? configuration, Serilog.Core.ILogEventSink? extraSink, bool consoleToStandardError)
    {
        var sinks = new LoggerConfiguration().MinimumLevel.Verbose();
        sinks.WriteTo.Console(
            outputTemplate: ConsoleTemplate,
            formatProvider: System.Globalization.CultureInfo.InvariantCulture,
            standardErrorFromLevel: consoleToStandardError ? LogEventLevel.Verbose : null);
        if (extraSink is not null)
        {
            sinks.WriteTo.Sink(extraSink);
        }

        if (configuration is not null)
        {
            var folder = configuration.ResolveDataPath(configuration.Host.Logging.Folder);
            sinks.WriteTo.File(
                Path.Combine(folder, "connectorhost-.log"),
                rollingInterval: RollingInterval.Day,
                retainedFileCountLimit: configuration.Host.Logging.RetainedFiles,
                outputTemplate: FileTemplate,
                formatProvider: System.Globalization.CultureInfo.InvariantCulture,
                shared: true);
        }

        return sinks.CreateLogger();
    }
}

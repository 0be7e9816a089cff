using Microsoft.Extensions.Logging;

namespace ConnectorHost.Plugins.ClientOnline.Import;

/// <summary>What <c>clientonline.import</c> logs, under the task's logger.</summary>
internal static partial class ImportLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Import: {Summary}")]
    public static partial void LogRun(this ILogger logger, string summary);

    [LoggerMessage(Level = LogLevel.Information, Message = "Import line {Line}: client {Name} created at the portal as hidden id {HiddenId} (already there: {AlreadyExisted})")]
    public static partial void LogClientCreated(this ILogger logger, int line, string name, string hiddenId, bool alreadyExisted);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Import line {Line}: client {Name} created with repaired values: {Repairs}. Correct them in the office's package so the next export is clean")]
    public static partial void LogRepaired(this ILogger logger, int line, string name, string repairs);

    [LoggerMessage(Level = LogLevel.Information, Message = "PIN letter for user {Login} written to {Letter}")]
    public static partial void LogLetterWritten(this ILogger logger, string login, string letter);
}

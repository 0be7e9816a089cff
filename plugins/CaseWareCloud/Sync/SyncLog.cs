using Microsoft.Extensions.Logging;

namespace ConnectorHost.Plugins.CaseWareCloud;

/// <summary>What <c>casewarecloud.sync</c> logs, one message each, under the task's logger.</summary>
internal static partial class SyncLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "CaseWare Cloud sync: {Clients} clients and {Contacts} contact persons read from AuditCase")]
    public static partial void LogStarted(this ILogger logger, int clients, int contacts);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Summary}")]
    public static partial void LogFinished(this ILogger logger, string summary);

    [LoggerMessage(Level = LogLevel.Information, Message = "Progress: {Done} of {Total} {What} checked ({Written} sent to CaseWare Cloud so far)")]
    public static partial void LogProgress(this ILogger logger, int done, int total, string what, int written);

    [LoggerMessage(Level = LogLevel.Information, Message = "Some clients or contact persons are not in CaseWare Cloud; the 'clients' and 'contacts' commands of this pipeline list them with the reason")]
    public static partial void LogSeeViews(this ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Client {ClientNumber} ({Name}): {What} in CaseWare Cloud (entity {CwId})")]
    public static partial void LogClientSent(this ILogger logger, string clientNumber, string name, string what, string cwId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Client {ClientNumber} ({Name}) is not sent to CaseWare Cloud: {Reason}")]
    public static partial void LogClientNotSent(this ILogger logger, string clientNumber, string name, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Client {ClientNumber} ({Name}) was refused by CaseWare Cloud: {Reason}. Correct the client in AuditCase; it is sent again when it changes")]
    public static partial void LogClientRejected(this ILogger logger, string clientNumber, string name, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Client {ClientNumber} ({Name}): entity {CwId} set Inactive in CaseWare Cloud and its contact persons' access revoked, because {Reason}")]
    public static partial void LogClientDeactivated(this ILogger logger, string clientNumber, string name, string cwId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Contact person {ContactId} {Name} of client {ClientNumber}: e-mail sent to CaseWare Cloud as {Email} ({Repairs}). Correct it in AuditCase")]
    public static partial void LogContactEmailRepaired(this ILogger logger, string contactId, string name, string clientNumber, string email, string repairs);

    [LoggerMessage(Level = LogLevel.Information, Message = "Contact person {ContactId} {Name} <{Email}> of client {ClientNumber}: {What} in CaseWare Cloud (contact {CwId})")]
    public static partial void LogContactSent(this ILogger logger, string contactId, string name, string email, string clientNumber, string what, string cwId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Contact person {ContactId} {Name} of client {ClientNumber} is not sent to CaseWare Cloud: {Reason}")]
    public static partial void LogContactNotSent(this ILogger logger, string contactId, string name, string clientNumber, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Contact person {ContactId} {Name} <{Email}> of client {ClientNumber} was refused by CaseWare Cloud: {Reason}. Correct the contact person in AuditCase; it is sent again when it changes")]
    public static partial void LogContactRejected(this ILogger logger, string contactId, string name, string email, string clientNumber, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Contact person {ContactId} {Name} <{Email}> of client {ClientNumber}: access to CaseWare Cloud revoked (contact {CwId}), because {Reason}")]
    public static partial void LogContactRevoked(this ILogger logger, string contactId, string name, string email, string clientNumber, string cwId, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "The AuditCase clients could not be read; nothing was sent to CaseWare Cloud: {Reason}")]
    public static partial void LogSourceFailed(this ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Reason}")]
    public static partial void LogAuthenticationFailed(this ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The CaseWare Cloud sync stopped: {Reason} What was sent so far is kept; the next run goes on from there")]
    public static partial void LogUnavailable(this ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not {What}: {Failure} It may have been carried out; looking it up before trying again")]
    public static partial void LogUncertain(this ILogger logger, string what, string failure);
}

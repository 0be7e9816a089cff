using ConnectorHost.Abstractions.Commands;
using ConnectorHost.Abstractions.Plugins;
using ConnectorHost.Abstractions.Sync;
using ConnectorHost.Plugins.CaseWareCloud.AuditCase;
using Microsoft.Extensions.Logging;

namespace ConnectorHost.Plugins.CaseWareCloud;

/// <summary>Creates <c>casewarecloud.sync</c> tasks.</summary>
public sealed class CaseWareCloudSyncFactory()
    : ComponentFactory<ISyncTask, CaseWareCloudSyncSettings>(
        "casewarecloud.sync",
        "Sends AuditCase's linked business clients and their contact persons to CaseWare Cloud, only what changed, and revokes the access of unlinked or deleted contact persons.")
{
    /// <inheritdoc />
    public override IReadOnlyList<AdminCommand> AdminCommands => CaseWareCloudSyncCommands.All;

    /// <inheritdoc />
    public override ISyncTask Create(CaseWareCloudSyncSettings settings, IComponentContext context) => CreateTask(settings, context);

    /// <summary>Creates the task with its public type, for code that runs it or its admin commands itself.</summary>
    /// <param name="settings">The validated settings.</param>
    /// <param name="context">The host's services.</param>
    /// <returns>The task.</returns>
    public static CaseWareCloudSync CreateTask(CaseWareCloudSyncSettings settings, IComponentContext context) => CreateTask(settings, context, null);

    internal static CaseWareCloudSync CreateTask(CaseWareCloudSyncSettings settings, IComponentContext context, TimeProvider? retryClock)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(context);
        var source = settings.Source ?? throw new ArgumentException("The 'source' settings are missing.", nameof(settings));
        var connection = settings.CaseWareCloud ?? throw new ArgumentException("The 'caseWareCloud' settings are missing.", nameof(settings));
        return new CaseWareCloudSync(
            CreateSource(source, context),
            new CaseWareCloudClient(connection, context.LoggerFactory.CreateLogger<CaseWareCloudClient>(), retryClock, context.MaxInFlight),
            new SyncRecords(context.State.Records),
            context.Clock,
            settings,
            context.LoggerFactory.CreateLogger<CaseWareCloudSync>());
    }

    private static IAuditCaseSource CreateSource(AuditCaseSourceSettings settings, IComponentContext context)
    {
        if (settings.Kind == AuditCaseSourceKind.Json)
        {
            return new JsonAuditCaseSource(context.ResolvePath(settings.Path ?? string.Empty));
        }

        var factory = SqlAuditCaseSource.ResolveProvider(settings.Provider);
        var connectionString = SqlAuditCaseSource.ResolveSqlitePath(factory, settings.ConnectionString ?? string.Empty, context.ResolvePath);
        return new SqlAuditCaseSource(factory, connectionString, settings.ClientsQuery ?? string.Empty, settings.ContactsQuery ?? string.Empty, settings.QueryTimeout);
    }
}

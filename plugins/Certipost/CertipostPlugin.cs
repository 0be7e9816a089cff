using ConnectorHost.Abstractions.Plugins;
using ConnectorHost.Abstractions.Sync;
using Microsoft.Extensions.Logging;

namespace ConnectorHost.Plugins.Certipost;

/// <summary>
/// The Certipost connector: enrols the office's customers for electronic invoices (<c>certipost.enrol</c>) and picks
/// up Certipost's confirmations and unsubscriptions daily (<c>certipost.daily</c>).
/// </summary>
public sealed class CertipostPlugin : IConnectorPlugin
{
    /// <inheritdoc />
    public string Name => "Certipost";

    /// <inheritdoc />
    public void Register(IComponentRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        registry.Add(new EnrolTaskFactory());
        registry.Add(new DailyTaskFactory());
    }
}

/// <summary>Creates <c>certipost.enrol</c> tasks.</summary>
public sealed class EnrolTaskFactory()
    : ComponentFactory<ISyncTask, EnrolSettings>("certipost.enrol", "Computes the customers eligible for Certipost e-invoicing from the accounting package and, with autoSend, enrols the complete ones.")
{
    /// <inheritdoc />
    public override ISyncTask Create(EnrolSettings settings, IComponentContext context) => CreateTask(settings, context);

    /// <summary>Creates the task with its public type, for code that calls compute and send itself.</summary>
    /// <param name="settings">The validated settings.</param>
    /// <param name="context">The host's services.</param>
    /// <returns>The task.</returns>
    public static EnrolTask CreateTask(EnrolSettings settings, IComponentContext context)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(context);
        var sourceSettings = settings.Source ?? throw new ArgumentException("The 'source' settings are missing.", nameof(settings));
        var connection = settings.Certipost ?? throw new ArgumentException("The 'certipost' settings are missing.", nameof(settings));
        var client = new CertipostClient(connection);
        var enrolment = new CertipostEnrolment(
            CreateSource(sourceSettings, context),
            settings.MandatoryFields,
            sourceSettings.AdmittedStatuses,
            client,
            new RelationStateStore(context.State),
            context.Clock,
            context.LoggerFactory.CreateLogger<CertipostEnrolment>());
        var commands = new EnrolmentCommands(enrolment, context.State.Audit, context.PipelineName);
        return new EnrolTask(enrolment, client, settings.AutoSend, $"pipeline:{context.PipelineName}", commands, context.LoggerFactory.CreateLogger<EnrolTask>());
    }

    private static IRelationSource CreateSource(RelationSourceSettings settings, IComponentContext context)
    {
        if (settings.Kind == RelationSourceKind.Csv)
        {
            var delimiter = CsvRelationSource.ParseDelimiter(settings.Delimiter)
                ?? throw new ArgumentException($"'delimiter' must be one character or 'tab', got '{settings.Delimiter}'.", nameof(settings));
            return new CsvRelationSource(context.ResolvePath(settings.Path ?? string.Empty), delimiter, settings.Columns);
        }

        var factory = SqlRelationSource.ResolveProvider(settings.Provider);
        var connectionString = SqlRelationSource.ResolveSqlitePath(factory, settings.ConnectionString ?? string.Empty, context.ResolvePath);
        return new SqlRelationSource(factory, connectionString, settings.Query ?? string.Empty, settings.QueryTimeout, settings.Columns);
    }
}

/// <summary>Creates <c>certipost.daily</c> tasks.</summary>
public sealed class DailyTaskFactory()
    : ComponentFactory<ISyncTask, DailySettings>("certipost.daily", "Fetches Certipost's daily list of enrolled customers: confirms submitted relations, picks up unsubscriptions, reports late confirmations.")
{
    /// <inheritdoc />
    public override ISyncTask Create(DailySettings settings, IComponentContext context) => CreateTask(settings, context);

    /// <summary>Creates the task with its public type, for code that runs the check itself.</summary>
    /// <param name="settings">The validated settings.</param>
    /// <param name="context">The host's services.</param>
    /// <returns>The task.</returns>
    public static DailyTask CreateTask(DailySettings settings, IComponentContext context)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(context);
        var connection = settings.Certipost ?? throw new ArgumentException("The 'certipost' settings are missing.", nameof(settings));
        return new DailyTask(
            new CertipostClient(connection),
            new RelationStateStore(context.State),
            context.Clock,
            settings.ConfirmationExpectedWithin,
            $"pipeline:{context.PipelineName}",
            context.LoggerFactory.CreateLogger<DailyTask>());
    }
}

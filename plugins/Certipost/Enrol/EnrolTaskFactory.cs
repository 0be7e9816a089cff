using ConnectorHost.Abstractions.Commands;
using ConnectorHost.Abstractions.Plugins;
using ConnectorHost.Abstractions.Sync;
using Microsoft.Extensions.Logging;

namespace ConnectorHost.Plugins.Certipost;

/// <summary>Creates <c>certipost.enrol</c> tasks.</summary>
public sealed class EnrolTaskFactory()
    : ComponentFactory<ISyncTask, EnrolTaskSettings>("certipost.enrol", "Computes the customers eligible for Certipost e-invoicing from the accounting package and, with autoSend, enrols the complete ones.")
{
    /// <inheritdoc />
    public override IReadOnlyList<AdminCommand> AdminCommands => EnrolTaskCommands.All;

    /// <inheritdoc />
    public override ISyncTask Create(EnrolTaskSettings settings, IComponentContext context) => CreateTask(settings, context);

    /// <summary>Creates the task with its public type, for code that calls compute and send itself.</summary>
    /// <param name="settings">The validated settings.</param>
    /// <param name="context">The host's services.</param>
    /// <returns>The task.</returns>
    public static EnrolTask CreateTask(EnrolTaskSettings settings, IComponentContext context)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(context);
        var sourceSettings = settings.Source ?? throw new ArgumentException("The 'source' settings are missing.", nameof(settings));
        var connection = settings.Certipost ?? throw new ArgumentException("The 'certipost' settings are missing.", nameof(settings));
        var client = new CertipostClient(connection, context.MaxInFlight);
        var enrolment = new CertipostEnrolment(
            CreateSource(sourceSettings, context),
            settings.MandatoryFields,
            sourceSettings.AdmittedStatuses,
            client,
            new RelationStateStore(context.State),
            context.Clock,
            context.LoggerFactory.CreateLogger<CertipostEnrolment>());
        var commands = new EnrolTaskCommands(enrolment, context.State.Audit, context.PipelineName);
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

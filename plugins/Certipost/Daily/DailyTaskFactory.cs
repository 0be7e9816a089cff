using ConnectorHost.Abstractions.Plugins;
using ConnectorHost.Abstractions.Sync;
using Microsoft.Extensions.Logging;

namespace ConnectorHost.Plugins.Certipost;

/// <summary>Creates <c>certipost.daily</c> tasks.</summary>
public sealed class DailyTaskFactory()
    : ComponentFactory<ISyncTask, DailyTaskSettings>("certipost.daily", "Fetches Certipost's daily list of enrolled customers: confirms submitted relations, picks up unsubscriptions, reports late confirmations.")
{
    /// <inheritdoc />
    public override ISyncTask Create(DailyTaskSettings settings, IComponentContext context) => CreateTask(settings, context);

    /// <summary>Creates the task with its public type, for code that runs the check itself.</summary>
    /// <param name="settings">The validated settings.</param>
    /// <param name="context">The host's services.</param>
    /// <returns>The task.</returns>
    public static DailyTask CreateTask(DailyTaskSettings settings, IComponentContext context)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(context);
        var connection = settings.Certipost ?? throw new ArgumentException("The 'certipost' settings are missing.", nameof(settings));
        return new DailyTask(
            new CertipostClient(connection, context.MaxInFlight),
            new RelationStateStore(context.State),
            context.Clock,
            settings.ConfirmationExpectedWithin,
            $"pipeline:{context.PipelineName}",
            context.LoggerFactory.CreateLogger<DailyTask>());
    }
}

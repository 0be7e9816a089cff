using ConnectorHost.Abstractions.Plugins;
using ConnectorHost.Abstractions.Queues;

namespace ConnectorHost.Plugins.AccountingTasks;

/// <summary>Creates <c>accountingtasks.queue</c>: a queue handler the host runs with its queue runner.</summary>
public sealed class TaskQueueFactory()
    : ComponentFactory<IQueueTaskHandler, TaskQueueSettings>(
        "accountingtasks.queue",
        "Fetches the accounting platform's tasks into the state store and runs them against the accounting package, FIFO per dossier; a failure blocks the dossier with an accountant instruction and a mail.")
{
    /// <inheritdoc />
    public override IQueueTaskHandler Create(TaskQueueSettings settings, IComponentContext context)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(context);
        return new TaskQueue(settings, context);
    }
}

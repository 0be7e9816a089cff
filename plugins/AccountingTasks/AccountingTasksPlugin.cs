using ConnectorHost.Abstractions.Plugins;

// The manifest, as every plugin carries it (SDK-9); the abstractions version is filled in by the compiler.
[assembly: ConnectorHostPlugin("AccountingTasks", "1.0.0")]

namespace ConnectorHost.Plugins.AccountingTasks;

/// <summary>
/// The accounting tasks connector: runs the accounting platform's queue of dossier tasks against the accounting
/// package, FIFO per dossier, with accountant instructions, their mails and the biweekly reminder
/// (<c>accountingtasks.queue</c>).
/// </summary>
public sealed class AccountingTasksPlugin : IConnectorPlugin
{
    /// <inheritdoc />
    public string Name => "AccountingTasks";

    /// <inheritdoc />
    public void Register(IComponentRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        registry.Add(new TaskQueueFactory());
    }
}

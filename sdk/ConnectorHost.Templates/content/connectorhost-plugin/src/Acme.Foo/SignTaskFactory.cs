using ConnectorHost.Abstractions.Commands;
using ConnectorHost.Abstractions.Plugins;
using ConnectorHost.Abstractions.Sync;

namespace Acme.Foo;

/// <summary>Creates <c>acme.foo.sign</c> tasks from validated settings.</summary>
public sealed class SignTaskFactory()
    : ComponentFactory<ISyncTask, SignSettings>("acme.foo.sign", "Signs every new or changed file of a folder with HMAC-SHA256 and mails a report.")
{
    /// <inheritdoc />
    public override IReadOnlyList<AdminCommand> AdminCommands => SignTask.Commands;

    /// <inheritdoc />
    public override ISyncTask Create(SignSettings settings, IComponentContext context)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(context);
        return new SignTask(settings, context);
    }
}

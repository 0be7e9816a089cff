using ConnectorHost.Abstractions.Documents;
using ConnectorHost.Abstractions.Plugins;

namespace ConnectorHost.Plugins.Samples;

/// <summary>Creates <c>samples.copy</c> targets.</summary>
public sealed class CopyTargetFactory()
    : ComponentFactory<IAccordeerTarget, CopyTargetSettings>("samples.copy", "Approves every document at once by copying it to a folder (a stand-in for a portal).")
{
    /// <inheritdoc />
    public override IAccordeerTarget Create(CopyTargetSettings settings, IComponentContext context)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(context);
        return new CopyTarget(context.ResolvePath(settings.Folder));
    }
}

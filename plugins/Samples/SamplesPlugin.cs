using ConnectorHost.Abstractions.Plugins;

namespace ConnectorHost.Plugins.Samples;

/// <summary>
/// The sample plugin: the smallest example of a connector. <c>samples.folder</c> offers the files of a folder;
/// <c>samples.copy</c> "approves" each one by copying it to another folder.
/// </summary>
public sealed class SamplesPlugin : IConnectorPlugin
{
    /// <inheritdoc />
    public string Name => "Samples";

    /// <inheritdoc />
    public void Register(IComponentRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        registry.Add(new FolderSourceFactory());
        registry.Add(new CopyTargetFactory());
    }
}

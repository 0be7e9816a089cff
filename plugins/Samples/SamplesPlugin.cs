using ConnectorHost.Abstractions.Plugins;
using ConnectorHost.Plugins.Samples;
using ConnectorHost.Plugins.Samples.Sign;

[assembly: ConnectorHostPlugin("Samples", SamplesPlugin.Version)]

namespace ConnectorHost.Plugins.Samples;

/// <summary>
/// The sample plugin: the smallest example of a connector. <c>samples.folder</c> offers the files of a folder;
/// <c>samples.copy</c> "approves" each one by copying it to another folder; <c>samples.sign</c> is the sync task of
/// the <c>dotnet new connectorhost-plugin</c> template (settings with a secret, the record store, an admin view, a mail).
/// </summary>
public sealed class SamplesPlugin : IConnectorPlugin
{
    /// <summary>The plugin's version.</summary>
    public const string Version = "1.1.0";

    /// <inheritdoc />
    public string Name => "Samples";

    /// <inheritdoc />
    public void Register(IComponentRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        registry.Add(new FolderSourceFactory());
        registry.Add(new CopyTargetFactory());
        registry.Add(new SignTaskFactory());
    }
}

using ConnectorHost.Abstractions.Documents;
using ConnectorHost.Abstractions.Plugins;
using Microsoft.Extensions.Logging;

namespace ConnectorHost.Plugins.Samples;

/// <summary>Creates <c>samples.folder</c> sources.</summary>
public sealed class FolderSourceFactory()
    : ComponentFactory<IDocumentSource, FolderSourceSettings>("samples.folder", "Offers every stable file of a folder; moves it to the done or error folder after its outcome.")
{
    /// <inheritdoc />
    public override IDocumentSource Create(FolderSourceSettings settings, IComponentContext context)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(context);
        var source = new FolderSource(
            context.ResolvePath(settings.Folder),
            settings.Pattern,
            context.ResolvePath(settings.DoneFolder),
            context.ResolvePath(settings.ErrorFolder),
            settings.StableFor,
            settings.DocumentType,
            context.Clock,
            context.LoggerFactory.CreateLogger<FolderSource>(),
            settings.CreateFolders);
        source.WarnAboutMissingFolders();
        return source;
    }
}

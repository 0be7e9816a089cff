using ConnectorHost.Abstractions.Documents;
using ConnectorHost.Abstractions.Plugins;
using Microsoft.Extensions.Logging;

namespace ConnectorHost.Plugins.ClientOnline.Folders;

/// <summary>Creates <c>clientonline.folder</c> sources.</summary>
public sealed class ClientOnlineFolderFactory()
    : ComponentFactory<IDocumentSource, ClientOnlineFolderSettings>(
        "clientonline.folder",
        "Offers the stable PDFs and XBRL filings of one or more folders (Naar portaal) for approval and moves each to Goedgekeurd, Afgekeurd, Niet gevonden or the error folder after its outcome.")
{
    /// <inheritdoc />
    public override IDocumentSource Create(ClientOnlineFolderSettings settings, IComponentContext context)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(context);
        List<ResolvedFolder> folders = [.. settings.Folders.Select(f => ResolvedFolder.From(f, context.ResolvePath))];
        var sources = folders.Select(f => f.Source).ToHashSet(StringComparer.Ordinal);
        foreach (var folder in folders)
        {
            foreach (var outcome in new[] { folder.Approved, folder.Rejected, folder.NotFound, folder.Error }.Where(sources.Contains))
            {
                throw new ArgumentException(
                    $"The outcome folder {outcome} is also a source folder: a file put away there would be offered again. Give Goedgekeurd, Afgekeurd, Niet gevonden and the error folder folders of their own.",
                    nameof(settings));
            }
        }

        var source = new ClientOnlineFolderSource(
            folders,
            settings.StableFor,
            context.Clock,
            context.LoggerFactory.CreateLogger<ClientOnlineFolderSource>(),
            settings.CreateFolders,
            settings.ReadTimeout);
        source.WarnAboutMissingFolders();
        return source;
    }
}

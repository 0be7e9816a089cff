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
        return new ClientOnlineFolderSource(
            [.. settings.Folders.Select(f => ResolvedFolder.From(f, context.ResolvePath))],
            settings.StableFor,
            context.Clock,
            context.LoggerFactory.CreateLogger<ClientOnlineFolderSource>());
    }
}

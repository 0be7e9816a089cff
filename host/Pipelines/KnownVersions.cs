using ConnectorHost.Abstractions.Documents;
using ConnectorHost.State;

namespace ConnectorHost.Pipelines;

/// <summary>
/// The open documents of a pipeline by locator and version, read from the ledger once per run, so that a scan can
/// pass over a file it already holds unchanged without reading it (an idle run reads no content). Open means pending,
/// retrying, or decided but not yet put away: a refused or decided file that cannot be moved (CO-15) is not read and
/// hashed again at every scan while the put-away step keeps trying.
/// </summary>
internal sealed class KnownVersions
{
    private readonly Dictionary<string, List<LedgerEntry>> _byLocator;

    private KnownVersions(Dictionary<string, List<LedgerEntry>> byLocator) => _byLocator = byLocator;

    public static async Task<KnownVersions> LoadAsync(IDocumentLedger ledger, string pipeline, CancellationToken cancellationToken)
    {
        var open = await ledger.ListAsync(
            new LedgerQuery(pipeline, [LedgerStatus.Pending, LedgerStatus.Retrying, .. LedgerOutcomes.Decided], OnlyNotCompleted: true, Limit: int.MaxValue),
            cancellationToken).ConfigureAwait(false);
        var byLocator = new Dictionary<string, List<LedgerEntry>>(StringComparer.Ordinal);
        foreach (var entry in open.Where(e => e.SourceVersion is not null))
        {
            if (!byLocator.TryGetValue(entry.Locator, out var list))
            {
                byLocator[entry.Locator] = list = [];
            }

            list.Add(entry);
        }

        return new KnownVersions(byLocator);
    }

    /// <summary>The pending documents (submitted, the portal's decision awaited), each with its locator.</summary>
    public IEnumerable<LedgerEntry> Pending => _byLocator.Values.SelectMany(e => e).Where(e => e.Status == LedgerStatus.Pending);

    /// <summary>The open entry of exactly this version of the document, or <c>null</c> when it must be read.</summary>
    public LedgerEntry? Find(SourceDocument document) =>
        document.Version is null || !_byLocator.TryGetValue(document.Locator, out var entries)
            ? null
            : entries.FirstOrDefault(e => string.Equals(e.SourceVersion, document.Version, StringComparison.Ordinal));
}

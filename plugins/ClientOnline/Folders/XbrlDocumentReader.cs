using System.Globalization;
using ConnectorHost.Abstractions.Documents;
using ConnectorHost.Plugins.ClientOnline.Xbrl;

namespace ConnectorHost.Plugins.ClientOnline.Folders;

/// <summary>
/// The metadata of an XBRL filing (CO-3, CO-11): filing type, period and entity from the instance. The client number
/// is the entity identifier, and its kind comes from the identifier's scheme, so that the portal can check it fits
/// the filing type (an OB return must carry an OB number) and refuse a mismatch naming both numbers.
/// </summary>
internal static class XbrlDocumentReader
{
    /// <summary>Identifier schemes by a word in them, as a table. An unknown scheme means the number the filing type needs.</summary>
    private static readonly (string Word, ClientNumberKind Kind)[] Schemes =
    [
        ("omzetbelastingnummer", ClientNumberKind.OB),
        ("loonheffingennummer", ClientNumberKind.LH),
        ("loonheffing", ClientNumberKind.LH),
        ("kvk", ClientNumberKind.KvK),
        ("burgerservicenummer", ClientNumberKind.BSN),
        ("bsn", ClientNumberKind.BSN),
        ("rsin", ClientNumberKind.RSIN),
    ];

    public static DocumentReading Read(string fileName, byte[] content, XbrlInstanceReader reader)
    {
        using var stream = new MemoryStream(content, writable: false);
        return Interpret(fileName, reader.Read(stream));
    }

    /// <summary>Reads the instance from an open file (left open), streaming: memory does not grow with the file.</summary>
    public static DocumentReading Read(string fileName, Stream content, XbrlInstanceReader reader) => Interpret(fileName, reader.Read(content));

    private static DocumentReading Interpret(string fileName, XbrlReadResult result)
    {
        if (result.Filing is not { } filing)
        {
            var error = result.Error!;
            if (error.Kind == XbrlReadErrorKind.Incomplete)
            {
                return DocumentReading.Incomplete($"'{fileName}' waits for the writer: {error.Message}");
            }

            var where = error.LineNumber > 0 ? string.Create(CultureInfo.InvariantCulture, $" (line {error.LineNumber}, position {error.LinePosition})") : string.Empty;
            return DocumentReading.Unusable(UnusableKind.Malformed, $"'{fileName}' cannot be submitted as XBRL ({error.Kind}){where}: {error.Message}");
        }

        var kind = KindOf(filing);
        return DocumentReading.Usable(new DocumentMetadata
        {
            ClientNumber = filing.EntityIdentifier,
            ClientNumberKind = kind,
            DocumentType = filing.DocumentType,
            PeriodFrom = filing.PeriodFrom,
            PeriodTo = filing.PeriodTo,
            Properties = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["entryPoint"] = filing.EntryPoint,
                ["filingType"] = filing.FilingType.ToString(),
                ["taxonomyYear"] = filing.TaxonomyYear.ToString(CultureInfo.InvariantCulture),
                ["entityScheme"] = filing.EntityScheme,
                ["periodContext"] = filing.PeriodContextId,
            },
        });
    }

    /// <summary>
    /// The kind of the entity identifier: from its scheme when the scheme names one; otherwise (a fiscal number,
    /// which is a BSN or an RSIN, or an unknown scheme) the kind the filing type is matched on.
    /// </summary>
    private static ClientNumberKind KindOf(XbrlFiling filing)
    {
        var scheme = filing.EntityScheme.ToLowerInvariant();
        foreach (var (word, kind) in Schemes)
        {
            if (scheme.Contains(word, StringComparison.Ordinal))
            {
                return kind;
            }
        }

        return filing.NumberKind;
    }
}

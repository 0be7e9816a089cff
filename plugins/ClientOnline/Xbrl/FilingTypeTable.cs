using System.Text.RegularExpressions;
using ConnectorHost.Abstractions.Documents;

namespace ConnectorHost.Plugins.ClientOnline.Xbrl;

/// <summary>The kinds of XBRL filing the connector submits.</summary>
public enum FilingType
{
    /// <summary>Omzetbelasting aangifte: the VAT return (<c>bd-rpt-ob-aangifte</c>).</summary>
    ObAangifte,

    /// <summary>Omzetbelasting suppletie: the VAT correction (<c>bd-rpt-ob-suppletie</c>).</summary>
    ObSuppletie,

    /// <summary>Opgaaf intracommunautaire prestaties: the EC sales list (<c>bd-rpt-icp-opgaaf</c>).</summary>
    IcpOpgaaf,

    /// <summary>Vennootschapsbelasting aangifte: the corporate income tax return (<c>bd-rpt-vpb-aangifte</c>).</summary>
    VpbAangifte,

    /// <summary>Inkomstenheffing (IB) aangifte: the income tax return (<c>bd-rpt-ihz-aangifte</c>).</summary>
    IbAangifte,

    /// <summary>Loonheffingen aangifte: the payroll tax return (<c>bd-rpt-lh-aangifte</c>).</summary>
    LhAangifte,

    /// <summary>Jaarverantwoording: the annual accounts for the KvK (<c>kvk-rpt-jaarverantwoording</c>), all GAAP and size variants.</summary>
    KvkJaarverantwoording,

    /// <summary>A credit report for banks through SBR Banken (<c>frc-rpt-*</c>).</summary>
    FrcRapportage,
}

/// <summary>Where the period of a filing comes from.</summary>
public enum PeriodSource
{
    /// <summary>
    /// The message context: the first context with a duration (start and end date) and no scenario or segment.
    /// Tax returns carry one such context (often <c>Msg</c>).
    /// </summary>
    Context,

    /// <summary>
    /// The <c>FinancialReportingPeriodCurrentStartDate</c>/<c>EndDate</c> facts: annual accounts carry many contexts
    /// (prior year, instants, dimensions) and the first is not necessarily current. Without both facts, the plain
    /// duration context most facts refer to (CO-16).
    /// </summary>
    ReportingPeriodFacts,

    /// <summary>The reporting period facts when present, otherwise the message context.</summary>
    ReportingPeriodFactsOrContext,
}

/// <summary>One row of the <see cref="FilingTypeTable"/>.</summary>
/// <param name="Domain">The taxonomy domain: <c>bd</c> (Belastingdienst), <c>kvk</c> or <c>frc</c> (SBR Banken).</param>
/// <param name="Report">The report part of the entry point (<c>ob-aangifte</c>); <c>*</c> is any report of the domain.</param>
/// <param name="FilingType">The filing type.</param>
/// <param name="NumberKind">The number the portal matches a filing of this type on (CO-11).</param>
/// <param name="DocumentType">The document type the portal knows the filing as.</param>
/// <param name="PeriodSource">Where the period comes from.</param>
/// <param name="VariantPattern">
/// The variants allowed after the year: a regular expression over the whole variant (an absent variant is the empty
/// string), or <c>null</c> when the entry point has no variant.
/// </param>
/// <param name="Description">What the filing is, in the users' words.</param>
public sealed record FilingTypeEntry(
    string Domain,
    string Report,
    FilingType FilingType,
    ClientNumberKind NumberKind,
    string DocumentType,
    PeriodSource PeriodSource,
    string? VariantPattern,
    string Description)
{
    /// <summary>How the variants look, for messages; empty when the entry point has none.</summary>
    public string VariantShape { get; init; } = string.Empty;

    /// <summary>The entry point's shape this row accepts, for messages: <c>bd-rpt-ob-aangifte-{yyyy}</c>.</summary>
    public string Shape => $"{Domain}-rpt-{(Report == "*" ? "{report}" : Report)}-{{yyyy}}"
        + VariantShape;
}

/// <summary>An entry point recognised by the <see cref="FilingTypeTable"/>.</summary>
/// <param name="EntryPoint">The entry point, for example <c>bd-rpt-ob-aangifte-2021</c>.</param>
/// <param name="Entry">The table row it matched.</param>
/// <param name="TaxonomyYear">The year in the entry point (the reporting year the taxonomy is for).</param>
/// <param name="Report">The report part, for example <c>ob-aangifte</c>.</param>
/// <param name="Variant">The part after the year, for example <c>nlgaap-klein-publicatiestukken</c>, or <c>null</c>.</param>
public sealed record EntryPointMatch(string EntryPoint, FilingTypeEntry Entry, int TaxonomyYear, string Report, string? Variant);

/// <summary>
/// The filing types by taxonomy entry point, as data: <c>{bd|kvk|frc}-rpt-{report}-{yyyy}[-{variant}]</c>, across
/// taxonomy years (the year is read, not listed). Each row says which number the portal matches the filing on
/// (CO-11: OB and ICP → OB number, LH → LH number, IB → BSN, VPB → RSIN, KvK filings → KvK number) and the
/// document type the portal knows it as.
/// </summary>
public static partial class FilingTypeTable
{
    /// <summary>KvK annual accounts: <c>{nlgaap|ifrs}-{micro|klein|middelgroot|groot}[-publicatiestukken]</c>.</summary>
    private const string KvkVariants = "(nlgaap|ifrs)-(micro|klein|middelgroot|groot)(-publicatiestukken)?";

    /// <summary>The rows. A specific report wins over the domain's <c>*</c> row.</summary>
    public static IReadOnlyList<FilingTypeEntry> Entries { get; } =
    [
        new("bd", "ob-aangifte", FilingType.ObAangifte, ClientNumberKind.OB, "OB-aangifte", PeriodSource.Context, null,
            "VAT return (aangifte omzetbelasting)"),
        new("bd", "ob-suppletie", FilingType.ObSuppletie, ClientNumberKind.OB, "OB-suppletie", PeriodSource.Context, null,
            "VAT correction (suppletie omzetbelasting)"),
        new("bd", "icp-opgaaf", FilingType.IcpOpgaaf, ClientNumberKind.OB, "ICP-opgaaf", PeriodSource.Context, null,
            "EC sales list (opgaaf intracommunautaire prestaties)"),
        new("bd", "vpb-aangifte", FilingType.VpbAangifte, ClientNumberKind.RSIN, "VPB-aangifte", PeriodSource.Context, null,
            "corporate income tax return (aangifte vennootschapsbelasting)"),
        new("bd", "ihz-aangifte", FilingType.IbAangifte, ClientNumberKind.BSN, "IB-aangifte", PeriodSource.Context, null,
            "income tax return (aangifte inkomstenheffing, IB)"),
        new("bd", "lh-aangifte", FilingType.LhAangifte, ClientNumberKind.LH, "LH-aangifte", PeriodSource.Context, null,
            "payroll tax return (aangifte loonheffingen)"),
        new("kvk", "jaarverantwoording", FilingType.KvkJaarverantwoording, ClientNumberKind.KvK, "KvK-jaarverantwoording",
            PeriodSource.ReportingPeriodFacts, KvkVariants, "annual accounts for the KvK (jaarverantwoording)")
        {
            VariantShape = "-{nlgaap|ifrs}-{micro|klein|middelgroot|groot}[-publicatiestukken]",
        },
        new("frc", "*", FilingType.FrcRapportage, ClientNumberKind.KvK, "FRC-rapportage",
            PeriodSource.ReportingPeriodFactsOrContext, "([a-z0-9]+(-[a-z0-9]+)*)?", "credit report for banks (SBR Banken)")
        {
            VariantShape = "[-{variant}]",
        },
    ];

    /// <summary>The shapes the table knows, for messages.</summary>
    public static string KnownShapes => string.Join(", ", Entries.Select(e => e.Shape));

    /// <summary>Finds the filing type of an entry point.</summary>
    /// <param name="entryPoint">The entry point, with or without <c>.xsd</c>, or a whole <c>link:schemaRef</c> href.</param>
    /// <returns>The match, or <c>null</c> when the shape or the report is unknown.</returns>
    public static EntryPointMatch? Match(string entryPoint)
    {
        ArgumentNullException.ThrowIfNull(entryPoint);
        var name = EntryPointOf(entryPoint);
        var shape = EntryPointShape().Match(name);
        if (!shape.Success)
        {
            return null;
        }

        var domain = shape.Groups["domain"].Value;
        var report = shape.Groups["report"].Value;
        var variant = shape.Groups["variant"].Success ? shape.Groups["variant"].Value : null;
        var entry = Entries.FirstOrDefault(e => e.Domain == domain && e.Report == report)
            ?? Entries.FirstOrDefault(e => e.Domain == domain && e.Report == "*");
        if (entry is null || !VariantFits(entry, variant))
        {
            return null;
        }

        return new EntryPointMatch(name, entry, int.Parse(shape.Groups["year"].Value, System.Globalization.CultureInfo.InvariantCulture), report, variant);
    }

    /// <summary>The entry point named by a <c>link:schemaRef</c> href: its last segment without <c>.xsd</c>.</summary>
    /// <param name="href">For example <c>http://www.nltaxonomie.nl/nt15/bd/20201209/entrypoints/bd-rpt-ob-aangifte-2021.xsd</c>.</param>
    /// <returns>For example <c>bd-rpt-ob-aangifte-2021</c>.</returns>
    public static string EntryPointOf(string href)
    {
        ArgumentNullException.ThrowIfNull(href);
        var name = href.Trim();
        var cut = name.IndexOfAny(['?', '#']);
        if (cut >= 0)
        {
            name = name[..cut];
        }

        name = name[(name.LastIndexOfAny(['/', '\\']) + 1)..];
        return name.EndsWith(".xsd", StringComparison.OrdinalIgnoreCase) ? name[..^4] : name;
    }

    private static bool VariantFits(FilingTypeEntry entry, string? variant) =>
        entry.VariantPattern is null
            ? variant is null
            : Regex.IsMatch(variant ?? string.Empty, $"^(?:{entry.VariantPattern})$", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));

    // bd-rpt-ob-aangifte-2021, kvk-rpt-jaarverantwoording-2016-nlgaap-klein-publicatiestukken: the report is the
    // shortest run of segments before the first four-digit segment.
    [GeneratedRegex("^(?<domain>bd|kvk|frc)-rpt-(?<report>[a-z0-9]+(?:-[a-z0-9]+)*?)-(?<year>[0-9]{4})(?:-(?<variant>[a-z0-9]+(?:-[a-z0-9]+)*))?$", RegexOptions.CultureInvariant)]
    private static partial Regex EntryPointShape();
}

using ConnectorHost.Abstractions.Documents;

namespace ConnectorHost.Plugins.ClientOnline.Xbrl;

/// <summary>One <c>xbrli:context</c> of an instance.</summary>
/// <param name="Id">The context's id, for example <c>Msg</c> or <c>FY16d</c>.</param>
/// <param name="EntityIdentifier">The entity's number, for example <c>001000044B37</c> or <c>30267975</c>.</param>
/// <param name="EntityScheme">The identifier's scheme, for example <c>http://www.kvk.nl/kvk-id</c>.</param>
/// <param name="StartDate">The duration's first day, or <c>null</c>.</param>
/// <param name="EndDate">The duration's last day (inclusive), or <c>null</c>.</param>
/// <param name="Instant">The instant's day, or <c>null</c>.</param>
/// <param name="HasSegment">Whether the entity has a <c>xbrli:segment</c>.</param>
/// <param name="HasScenario">Whether the context has a <c>xbrli:scenario</c> (dimensions).</param>
public sealed record XbrlContext(
    string Id,
    string EntityIdentifier,
    string EntityScheme,
    DateOnly? StartDate,
    DateOnly? EndDate,
    DateOnly? Instant,
    bool HasSegment,
    bool HasScenario)
{
    /// <summary>Whether the period is a duration (start and end date).</summary>
    public bool IsDuration => StartDate is not null && EndDate is not null;

    /// <summary>Whether the context has neither segment nor scenario.</summary>
    public bool IsPlain => !HasSegment && !HasScenario;
}

/// <summary>A fact the reader picks up, with the context it refers to.</summary>
/// <param name="Value">The fact's value.</param>
/// <param name="ContextRef">The <c>contextRef</c>.</param>
/// <param name="LineNumber">Where it is, for messages.</param>
public sealed record XbrlDateFact(DateOnly Value, string ContextRef, int LineNumber);

/// <summary>What the reader found in an instance, before the filing type and period are decided.</summary>
/// <param name="SchemaRef">The <c>link:schemaRef</c>'s <c>xlink:href</c>.</param>
/// <param name="EntryPoint">The entry point: the href's last segment without <c>.xsd</c>.</param>
/// <param name="Contexts">The contexts, in document order.</param>
/// <param name="CurrentPeriodStart">The <c>FinancialReportingPeriodCurrentStartDate</c> fact, if present.</param>
/// <param name="CurrentPeriodEnd">The <c>FinancialReportingPeriodCurrentEndDate</c> fact, if present.</param>
public sealed record XbrlInstance(
    string SchemaRef,
    string EntryPoint,
    IReadOnlyList<XbrlContext> Contexts,
    XbrlDateFact? CurrentPeriodStart,
    XbrlDateFact? CurrentPeriodEnd)
{
    /// <summary>How many top-level facts refer to each context id (CO-16: the current period is the duration context most facts use).</summary>
    public IReadOnlyDictionary<string, int> FactsPerContext { get; init; } = new Dictionary<string, int>(StringComparer.Ordinal);
}

/// <summary>A filing as the connector submits it: its type, its period and its entity (CO-3).</summary>
/// <param name="EntryPoint">The taxonomy entry point, for example <c>bd-rpt-ob-aangifte-2021</c>.</param>
/// <param name="FilingType">The filing type.</param>
/// <param name="TaxonomyYear">The year in the entry point.</param>
/// <param name="Variant">The entry point's variant (KvK: <c>nlgaap-klein-publicatiestukken</c>), or <c>null</c>.</param>
/// <param name="NumberKind">The number the portal matches this filing type on (CO-11).</param>
/// <param name="DocumentType">The document type the portal knows the filing as.</param>
/// <param name="PeriodFrom">The first day of the period the filing covers.</param>
/// <param name="PeriodTo">The last day of the period the filing covers.</param>
/// <param name="PeriodContextId">The context the period and entity were taken from.</param>
/// <param name="EntityIdentifier">The entity's number as in the instance.</param>
/// <param name="EntityScheme">The identifier's scheme.</param>
public sealed record XbrlFiling(
    string EntryPoint,
    FilingType FilingType,
    int TaxonomyYear,
    string? Variant,
    ClientNumberKind NumberKind,
    string DocumentType,
    DateOnly PeriodFrom,
    DateOnly PeriodTo,
    string PeriodContextId,
    string EntityIdentifier,
    string EntityScheme);

/// <summary>What can be wrong with an XBRL file.</summary>
public enum XbrlReadErrorKind
{
    /// <summary>The file is larger than the reader's character limit.</summary>
    TooLarge,

    /// <summary>The file is not well-formed XML.</summary>
    MalformedXml,

    /// <summary>The XML ends before its root element is closed: its writer is still at work, or it was cut short (FH-3).</summary>
    Incomplete,

    /// <summary>The file has a DTD (<c>&lt;!DOCTYPE</c>), which is never processed.</summary>
    DtdProhibited,

    /// <summary>The root element is not <c>xbrli:xbrl</c>.</summary>
    NotXbrl,

    /// <summary>There is no <c>link:schemaRef</c>, so no entry point.</summary>
    NoSchemaRef,

    /// <summary>The entry point is not in the <see cref="FilingTypeTable"/>.</summary>
    UnknownEntryPoint,

    /// <summary>There is no <c>xbrli:context</c>.</summary>
    NoContext,

    /// <summary>The period cannot be decided (missing reporting period facts, no duration context).</summary>
    NoPeriod,

    /// <summary>Without reporting-period facts, no context fits the entry point's year, or two contexts tie (FH-4).</summary>
    AmbiguousPeriod,

    /// <summary>The contexts name more than one entity.</summary>
    MultipleEntities,

    /// <summary>A value the reader needs is missing or not valid (a date, a context id, an identifier).</summary>
    InvalidValue,
}

/// <summary>Why an XBRL file cannot be submitted, precisely enough to fix it.</summary>
/// <param name="Kind">What is wrong.</param>
/// <param name="Message">A sentence saying what is wrong and where.</param>
/// <param name="LineNumber">The line, when known (1-based), else 0.</param>
/// <param name="LinePosition">The position on the line, when known (1-based), else 0.</param>
public sealed record XbrlReadError(XbrlReadErrorKind Kind, string Message, int LineNumber = 0, int LinePosition = 0)
{
    /// <inheritdoc />
    public override string ToString() => Message;
}

/// <summary>The outcome of reading an XBRL file: a filing, or an error.</summary>
public sealed class XbrlReadResult
{
    private XbrlReadResult(XbrlFiling? filing, XbrlInstance? instance, XbrlReadError? error)
    {
        Filing = filing;
        Instance = instance;
        Error = error;
    }

    /// <summary>The filing, when the file could be read.</summary>
    public XbrlFiling? Filing { get; }

    /// <summary>What was read, when the XML was read to the end (also for some errors, such as an unknown entry point).</summary>
    public XbrlInstance? Instance { get; }

    /// <summary>Why the file cannot be submitted, when it cannot.</summary>
    public XbrlReadError? Error { get; }

    /// <summary>Whether <see cref="Filing"/> is there.</summary>
    public bool Succeeded => Filing is not null;

    /// <summary>The filing, or an <see cref="XbrlReadException"/> with the error.</summary>
    /// <returns>The filing.</returns>
    /// <exception cref="XbrlReadException">The file could not be read.</exception>
    public XbrlFiling GetFilingOrThrow() => Filing ?? throw new XbrlReadException(Error!);

    internal static XbrlReadResult Success(XbrlFiling filing, XbrlInstance instance) => new(filing, instance, null);

    internal static XbrlReadResult Failure(XbrlReadError error, XbrlInstance? instance = null) => new(null, instance, error);
}

/// <summary>Thrown by <see cref="XbrlReadResult.GetFilingOrThrow"/> for a file that cannot be submitted.</summary>
public sealed class XbrlReadException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="error">What is wrong.</param>
    public XbrlReadException(XbrlReadError error)
        : base(error?.Message)
    {
        ArgumentNullException.ThrowIfNull(error);
        Error = error;
    }

    /// <summary>Creates the exception without an error (for serializers).</summary>
    public XbrlReadException()
        : this(new XbrlReadError(XbrlReadErrorKind.InvalidValue, "The XBRL file could not be read."))
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What is wrong.</param>
    public XbrlReadException(string message)
        : this(new XbrlReadError(XbrlReadErrorKind.InvalidValue, message))
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">What is wrong.</param>
    /// <param name="innerException">The cause.</param>
    public XbrlReadException(string message, Exception innerException)
        : base(message, innerException)
    {
        Error = new XbrlReadError(XbrlReadErrorKind.InvalidValue, message);
    }

    /// <summary>What is wrong.</summary>
    public XbrlReadError Error { get; }
}

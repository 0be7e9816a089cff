using System.Globalization;
using System.Xml;

namespace ConnectorHost.Plugins.ClientOnline.Xbrl;

/// <summary>
/// Reads the filing type, the period and the entity from an XBRL instance (CO-3), streaming, with a forward-only
/// <see cref="XmlReader"/>: DTDs are prohibited, nothing is resolved or fetched (no taxonomy, no entity), and the
/// document is limited in size. The whole document is read, so XML broken anywhere is reported. Bad input never
/// throws: <see cref="Read"/> returns an <see cref="XbrlReadError"/> that says what is wrong and where.
/// </summary>
public sealed class XbrlInstanceReader
{
    /// <summary>The default limit: 64 Mi characters, more than the portal accepts in one request.</summary>
    public const long DefaultMaxCharacters = 64L * 1024 * 1024;

    private const string XbrliNs = "http://www.xbrl.org/2003/instance";
    private const string LinkNs = "http://www.xbrl.org/2003/linkbase";
    private const string XlinkNs = "http://www.w3.org/1999/xlink";
    private const string CurrentStartFact = "FinancialReportingPeriodCurrentStartDate";
    private const string CurrentEndFact = "FinancialReportingPeriodCurrentEndDate";

    private readonly long _maxCharacters;

    /// <summary>Creates a reader.</summary>
    /// <param name="maxCharacters">The largest document read, in characters.</param>
    public XbrlInstanceReader(long maxCharacters = DefaultMaxCharacters)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxCharacters);
        _maxCharacters = maxCharacters;
    }

    /// <summary>Reads an XBRL file.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The filing, or what is wrong with it.</returns>
    public XbrlReadResult ReadFile(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, FileOptions.SequentialScan);
        return Read(stream);
    }

    /// <summary>Reads an XBRL instance from a stream (left open).</summary>
    /// <param name="content">The instance's bytes; the encoding is taken from the XML declaration or byte order mark.</param>
    /// <returns>The filing, or what is wrong with it.</returns>
    public XbrlReadResult Read(Stream content)
    {
        ArgumentNullException.ThrowIfNull(content);
        var read = ReadInstance(content);
        return read.Error is not null ? XbrlReadResult.Failure(read.Error) : Interpret(read.Instance!);
    }

    private static XbrlReadResult Interpret(XbrlInstance instance)
    {
        var match = FilingTypeTable.Match(instance.EntryPoint);
        if (match is null)
        {
            return XbrlReadResult.Failure(
                new XbrlReadError(
                    XbrlReadErrorKind.UnknownEntryPoint,
                    $"Unknown taxonomy entry point '{instance.EntryPoint}' (link:schemaRef '{instance.SchemaRef}'): "
                    + $"not a filing type the connector knows. Known: {FilingTypeTable.KnownShapes}."),
                instance);
        }

        if (instance.Contexts.Count == 0)
        {
            return XbrlReadResult.Failure(
                new XbrlReadError(XbrlReadErrorKind.NoContext, $"The {match.Entry.DocumentType} instance has no xbrli:context, so no period and no entity."),
                instance);
        }

        var entities = instance.Contexts
            .Select(c => (c.EntityScheme, c.EntityIdentifier))
            .Distinct()
            .ToList();
        if (entities.Count > 1)
        {
            var named = string.Join(", ", entities.Select(e => $"{e.EntityIdentifier} ({e.EntityScheme}, context "
                + instance.Contexts.First(c => c.EntityScheme == e.EntityScheme && c.EntityIdentifier == e.EntityIdentifier).Id + ")"));
            return XbrlReadResult.Failure(
                new XbrlReadError(XbrlReadErrorKind.MultipleEntities, $"The contexts name more than one entity: {named}; a filing is for one client."),
                instance);
        }

        var period = DecidePeriod(instance, match.Entry);
        if (period.Error is not null)
        {
            return XbrlReadResult.Failure(period.Error, instance);
        }

        var context = period.Context!;
        return XbrlReadResult.Success(
            new XbrlFiling(
                match.EntryPoint,
                match.Entry.FilingType,
                match.TaxonomyYear,
                match.Variant,
                match.Entry.NumberKind,
                match.Entry.DocumentType,
                period.From,
                period.To,
                context.Id,
                context.EntityIdentifier,
                context.EntityScheme),
            instance);
    }

    private static (DateOnly From, DateOnly To, XbrlContext? Context, XbrlReadError? Error) DecidePeriod(
        XbrlInstance instance, FilingTypeEntry entry)
    {
        var (start, end) = (instance.CurrentPeriodStart, instance.CurrentPeriodEnd);
        var useFacts = entry.PeriodSource == PeriodSource.ReportingPeriodFacts
            || (entry.PeriodSource == PeriodSource.ReportingPeriodFactsOrContext && (start is not null || end is not null));
        if (useFacts && start is not null && end is not null)
        {
            if (start.Value > end.Value)
            {
                return (default, default, null, new XbrlReadError(
                    XbrlReadErrorKind.NoPeriod,
                    $"{CurrentStartFact} {start.Value:yyyy-MM-dd} (line {start.LineNumber}) is after {CurrentEndFact} {end.Value:yyyy-MM-dd} (line {end.LineNumber}).",
                    start.LineNumber));
            }

            var context = instance.Contexts.FirstOrDefault(c => c.Id == start.ContextRef);
            if (context is null)
            {
                return (default, default, null, new XbrlReadError(
                    XbrlReadErrorKind.InvalidValue,
                    $"{CurrentStartFact} (line {start.LineNumber}) refers to context '{start.ContextRef}', which the instance does not have.",
                    start.LineNumber));
            }

            return (start.Value, end.Value, context, null);
        }

        if (useFacts)
        {
            return PeriodFromContexts(instance, entry);
        }

        var message = instance.Contexts.FirstOrDefault(c => c.IsDuration && c.IsPlain)
            ?? instance.Contexts.FirstOrDefault(c => c.IsDuration);
        if (message is null)
        {
            return (default, default, null, new XbrlReadError(
                XbrlReadErrorKind.NoPeriod,
                $"No context of the {entry.DocumentType} instance has a duration period (xbrli:startDate and xbrli:endDate); "
                + $"contexts: {string.Join(", ", instance.Contexts.Select(c => c.Id))}."));
        }

        if (message.StartDate!.Value > message.EndDate!.Value)
        {
            return (default, default, null, new XbrlReadError(
                XbrlReadErrorKind.NoPeriod,
                $"Context '{message.Id}' starts ({message.StartDate:yyyy-MM-dd}) after it ends ({message.EndDate:yyyy-MM-dd})."));
        }

        return (message.StartDate.Value, message.EndDate.Value, message, null);
    }

    /// <summary>
    /// CO-16: annual accounts without both reporting-period facts take their period from their contexts: the plain
    /// duration context most of the instance's facts refer to (on a tie, the one that ends last). A period fact that
    /// is present must agree with it (its start or end date); only an instance with no usable duration is refused.
    /// </summary>
    private static (DateOnly From, DateOnly To, XbrlContext? Context, XbrlReadError? Error) PeriodFromContexts(XbrlInstance instance, FilingTypeEntry entry)
    {
        var (start, end) = (instance.CurrentPeriodStart, instance.CurrentPeriodEnd);
        var durations = instance.Contexts.Where(c => c.IsDuration && c.StartDate <= c.EndDate).ToList();
        var plain = durations.Where(c => c.IsPlain).ToList();
        var candidates = (plain.Count > 0 ? plain : durations)
            .Where(c => (start is null || c.StartDate == start.Value) && (end is null || c.EndDate == end.Value))
            .OrderByDescending(c => instance.FactsPerContext.TryGetValue(c.Id, out var n) ? n : 0)
            .ThenByDescending(c => c.EndDate)
            .ToList();
        if (candidates.FirstOrDefault() is { } current)
        {
            return (current.StartDate!.Value, current.EndDate!.Value, current, null);
        }

        var missing = string.Join(" and ", new[] { start is null ? CurrentStartFact : null, end is null ? CurrentEndFact : null }.OfType<string>());
        var present = start ?? end;
        var why = present is null
            ? $"and no context has a duration period (xbrli:startDate and xbrli:endDate); contexts: {string.Join(", ", instance.Contexts.Select(c => c.Id))}"
            : $"and no duration context {(start is not null ? "starts" : "ends")} on {present.Value:yyyy-MM-dd}, the {(start is not null ? CurrentStartFact : CurrentEndFact)} fact at line {present.LineNumber}"
              + $" (duration contexts: {(durations.Count == 0 ? "none" : string.Join(", ", durations.Select(c => $"{c.Id} {c.StartDate:yyyy-MM-dd}..{c.EndDate:yyyy-MM-dd}")))})";
        return (default, default, null, new XbrlReadError(
            XbrlReadErrorKind.NoPeriod,
            $"The {entry.DocumentType} instance has no {missing} fact {why}: its current reporting period cannot be told. Export it again with the reporting-period facts.",
            present?.LineNumber ?? 0));
    }

    private (XbrlInstance? Instance, XbrlReadError? Error) ReadInstance(Stream content)
    {
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            MaxCharactersInDocument = _maxCharacters,
            MaxCharactersFromEntities = 1024,
            IgnoreComments = true,
            IgnoreProcessingInstructions = true,
            IgnoreWhitespace = true,
            CloseInput = false,
        };
        using var xml = XmlReader.Create(content, settings);
        var lineInfo = (IXmlLineInfo)xml;
        try
        {
            return ReadInstance(xml, lineInfo);
        }
        catch (XmlException e)
        {
            return (null, Classify(e, e.LineNumber, e.LinePosition));
        }
    }

    private static (XbrlInstance? Instance, XbrlReadError? Error) ReadInstance(XmlReader xml, IXmlLineInfo lineInfo)
    {
        xml.MoveToContent();
        if (xml.NodeType != XmlNodeType.Element || xml.LocalName != "xbrl" || xml.NamespaceURI != XbrliNs)
        {
            return (null, new XbrlReadError(
                XbrlReadErrorKind.NotXbrl,
                $"Not an XBRL instance: the root element is {{{xml.NamespaceURI}}}{xml.LocalName}, not xbrli:xbrl ({{{XbrliNs}}}xbrl).",
                lineInfo.LineNumber,
                lineInfo.LinePosition));
        }

        string? schemaRef = null;
        var contexts = new List<XbrlContext>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        XbrlDateFact? currentStart = null;
        XbrlDateFact? currentEnd = null;
        var factsPerContext = new Dictionary<string, int>(StringComparer.Ordinal);

        xml.Read();
        while (!xml.EOF)
        {
            if (xml.NodeType != XmlNodeType.Element)
            {
                xml.Read();
                continue;
            }

            var (line, position) = (lineInfo.LineNumber, lineInfo.LinePosition);
            if (xml.Depth == 1 && xml.GetAttribute("contextRef") is { Length: > 0 } factContext)
            {
                var id = factContext.Trim();
                factsPerContext[id] = factsPerContext.GetValueOrDefault(id) + 1;
            }

            if (xml.Depth == 1 && xml.NamespaceURI == LinkNs && xml.LocalName == "schemaRef")
            {
                var href = xml.GetAttribute("href", XlinkNs);
                if (string.IsNullOrWhiteSpace(href))
                {
                    return (null, new XbrlReadError(XbrlReadErrorKind.InvalidValue, $"link:schemaRef at line {line} has no xlink:href.", line, position));
                }

                schemaRef ??= href.Trim();
                xml.Skip();
            }
            else if (xml.Depth == 1 && xml.NamespaceURI == XbrliNs && xml.LocalName == "context")
            {
                var (context, error) = ReadContext(xml, lineInfo);
                if (error is not null)
                {
                    return (null, error);
                }

                if (!ids.Add(context!.Id))
                {
                    return (null, new XbrlReadError(XbrlReadErrorKind.InvalidValue, $"Context id '{context.Id}' at line {line} is used twice.", line, position));
                }

                contexts.Add(context);
                xml.Read();
            }
            else if (xml.LocalName is CurrentStartFact or CurrentEndFact && xml.NamespaceURI != XbrliNs)
            {
                var name = xml.LocalName;
                var contextRef = xml.GetAttribute("contextRef");
                var text = xml.ReadElementContentAsString();
                if (string.IsNullOrWhiteSpace(contextRef))
                {
                    return (null, new XbrlReadError(XbrlReadErrorKind.InvalidValue, $"{name} at line {line} has no contextRef.", line, position));
                }

                if (ParseDate(text, isEnd: false) is not { } value)
                {
                    return (null, new XbrlReadError(XbrlReadErrorKind.InvalidValue, $"{name} at line {line} is '{text.Trim()}', not a date (yyyy-mm-dd).", line, position));
                }

                var fact = new XbrlDateFact(value, contextRef.Trim(), line);
                if (name == CurrentStartFact)
                {
                    currentStart ??= fact;
                }
                else
                {
                    currentEnd ??= fact;
                }
            }
            else
            {
                xml.Read();
            }
        }

        if (schemaRef is null)
        {
            return (null, new XbrlReadError(
                XbrlReadErrorKind.NoSchemaRef,
                "The instance has no link:schemaRef, so its taxonomy entry point and filing type are unknown."));
        }

        return (new XbrlInstance(schemaRef, FilingTypeTable.EntryPointOf(schemaRef), contexts, currentStart, currentEnd) { FactsPerContext = factsPerContext }, null);
    }

    private static (XbrlContext? Context, XbrlReadError? Error) ReadContext(XmlReader xml, IXmlLineInfo lineInfo)
    {
        var (line, position) = (lineInfo.LineNumber, lineInfo.LinePosition);
        var id = xml.GetAttribute("id")?.Trim();
        if (string.IsNullOrEmpty(id))
        {
            return (null, new XbrlReadError(XbrlReadErrorKind.InvalidValue, $"xbrli:context at line {line} has no id.", line, position));
        }

        string? identifier = null;
        string? scheme = null;
        DateOnly? start = null, end = null, instant = null;
        bool segment = false, scenario = false;
        using (var sub = xml.ReadSubtree())
        {
            sub.Read();
            sub.Read();
            while (!sub.EOF)
            {
                if (sub.NodeType != XmlNodeType.Element || sub.NamespaceURI != XbrliNs)
                {
                    sub.Read();
                    continue;
                }

                var (elementLine, elementPosition) = (lineInfo.LineNumber, lineInfo.LinePosition);
                switch (sub.LocalName)
                {
                    case "identifier":
                        scheme = sub.GetAttribute("scheme")?.Trim();
                        identifier = sub.ReadElementContentAsString().Trim();
                        break;
                    case "segment":
                        segment = true;
                        sub.Skip();
                        break;
                    case "scenario":
                        scenario = true;
                        sub.Skip();
                        break;
                    case "startDate" or "endDate" or "instant":
                        var name = sub.LocalName;
                        var text = sub.ReadElementContentAsString();
                        var date = ParseDate(text, isEnd: name != "startDate");
                        if (date is null)
                        {
                            return (null, new XbrlReadError(
                                XbrlReadErrorKind.InvalidValue,
                                $"xbrli:{name} of context '{id}' at line {elementLine} is '{text.Trim()}', not a date (yyyy-mm-dd).",
                                elementLine,
                                elementPosition));
                        }

                        if (name == "startDate")
                        {
                            start = date;
                        }
                        else if (name == "endDate")
                        {
                            end = date;
                        }
                        else
                        {
                            instant = date;
                        }

                        break;
                    default:
                        sub.Read();
                        break;
                }
            }
        }

        if (string.IsNullOrEmpty(identifier) || string.IsNullOrEmpty(scheme))
        {
            return (null, new XbrlReadError(
                XbrlReadErrorKind.InvalidValue,
                $"Context '{id}' at line {line} has no entity identifier with a scheme (xbrli:entity/xbrli:identifier/@scheme).",
                line,
                position));
        }

        return (new XbrlContext(id, identifier, scheme, start, end, instant, segment, scenario), null);
    }

    /// <summary>
    /// An xs:date, or an xs:dateTime: an end date or instant at midnight (<c>2017-01-01T00:00:00</c>) means the end of
    /// the day before (XBRL 2.1, 4.7.2).
    /// </summary>
    private static DateOnly? ParseDate(string text, bool isEnd)
    {
        var value = text.Trim();
        if (value.Length < 10
            || !DateOnly.TryParseExact(value.AsSpan(0, 10), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return null;
        }

        if (value.Length > 10 && value[10] == 'T')
        {
            if (!DateTime.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var dateTime))
            {
                return null;
            }

            return isEnd && dateTime.TimeOfDay == TimeSpan.Zero ? date.AddDays(-1) : date;
        }

        return date;
    }

    private XbrlReadError Classify(XmlException e, int line, int position)
    {
        // The limit's and the DTD's messages name the setting; only English resources ship (SatelliteResourceLanguages).
        if (e.Message.Contains(nameof(XmlReaderSettings.MaxCharactersInDocument), StringComparison.Ordinal))
        {
            return new XbrlReadError(
                XbrlReadErrorKind.TooLarge,
                string.Create(CultureInfo.InvariantCulture, $"The XBRL file is larger than the limit of {_maxCharacters:N0} characters (reading stopped at line {line})."),
                line,
                position);
        }

        if (e.Message.Contains("DTD", StringComparison.Ordinal))
        {
            return new XbrlReadError(
                XbrlReadErrorKind.DtdProhibited,
                (line > 0 ? $"The XBRL file has a DTD (<!DOCTYPE>) at line {line}, position {position}" : "The XBRL file has a DTD (<!DOCTYPE>) before its root element")
                + "; DTDs are never processed (no entities, no external files). Export the instance again without a DOCTYPE.",
                line,
                position);
        }

        return new XbrlReadError(
            XbrlReadErrorKind.MalformedXml,
            $"The XBRL file is not well-formed XML at line {line}, position {position}: {WithoutPosition(e.Message)}",
            line,
            position);
    }

    /// <summary>XmlException's message ends in " Line 5, position 3."; the error says where already.</summary>
    private static string WithoutPosition(string message)
    {
        var at = message.LastIndexOf(" Line ", StringComparison.Ordinal);
        return at > 0 && message.EndsWith('.') && message.AsSpan(at).Contains(", position ", StringComparison.Ordinal)
            ? message[..at]
            : message;
    }
}

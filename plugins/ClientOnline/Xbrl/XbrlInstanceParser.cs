using System.Globalization;
using System.Xml;

namespace ConnectorHost.Plugins.ClientOnline.Xbrl;

/// <summary>
/// The XML side of <see cref="XbrlInstanceReader"/>: walks an instance once, forward only, and keeps what the filing
/// needs (the schema reference, the contexts and the reporting-period facts), with their lines.
/// </summary>
internal static class XbrlInstanceParser
{
    public const string XbrliNs = "http://www.xbrl.org/2003/instance";
    public const string LinkNs = "http://www.xbrl.org/2003/linkbase";
    public const string XlinkNs = "http://www.w3.org/1999/xlink";
    public const string CurrentStartFact = "FinancialReportingPeriodCurrentStartDate";
    public const string CurrentEndFact = "FinancialReportingPeriodCurrentEndDate";

    public static (XbrlInstance? Instance, XbrlReadError? Error) Parse(XmlReader xml, IXmlLineInfo lineInfo)
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
}

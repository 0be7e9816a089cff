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
        using var stream = ConnectorHost.Abstractions.Files.OutsideFile.OpenRead(path, 64 * 1024);
        return Read(stream);
    }

    /// <summary>Reads an XBRL instance from a stream (left open).</summary>
    /// <param name="content">The instance's bytes; the encoding is taken from the XML declaration or byte order mark.</param>
    /// <returns>The filing, or what is wrong with it.</returns>
    public XbrlReadResult Read(Stream content)
    {
        ArgumentNullException.ThrowIfNull(content);
        var read = ReadInstance(content);
        return read.Error is not null ? XbrlReadResult.Failure(read.Error) : XbrlPeriodRules.Interpret(read.Instance!);
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
            return XbrlInstanceParser.Parse(xml, lineInfo);
        }
        catch (XmlException e)
        {
            return (null, Classify(e, e.LineNumber, e.LinePosition));
        }
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

        if (e.Message.StartsWith("Unexpected end of file", StringComparison.Ordinal))
        {
            return new XbrlReadError(
                XbrlReadErrorKind.Incomplete,
                $"The XBRL file ends at line {line} before its root element is closed: {WithoutPosition(e.Message)}",
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

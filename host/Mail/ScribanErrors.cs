using Scriban;
using Scriban.Parsing;
using Scriban.Syntax;

namespace ConnectorHost.Mail;

/// <summary>Turns Scriban's messages and exceptions into <see cref="MailTemplateException"/>s with 1-based positions.</summary>
internal static class ScribanErrors
{
    public static MailTemplateException FromParserMessages(LogMessageBag messages, string fallbackFile, Exception? innerException)
    {
        var errors = messages
            .Where(m => m.Type == ParserMessageType.Error)
            .Select(m => (FileOf(m.Span, fallbackFile), m.Span.Start.Line + 1, m.Span.Start.Column + 1, m.Message))
            .ToList();
        if (errors.Count == 0)
        {
            errors.Add((fallbackFile, 1, 1, "the template does not parse."));
        }

        return MailTemplateException.AtPositions(errors, innerException);
    }

    public static MailTemplateException FromRuntime(ScriptRuntimeException exception, string fallbackFile)
    {
        if (exception is ScriptParserRuntimeException { ParserMessages: { HasErrors: true } parserMessages })
        {
            // An included file that does not parse: point at the included file itself.
            return FromParserMessages(parserMessages, fallbackFile, exception);
        }

        var reason = exception.OriginalMessage;
        var inner = exception.InnerException;
        while (inner?.InnerException is not null)
        {
            inner = inner.InnerException; // reflection wraps a failing model property twice
        }

        if (inner is not null)
        {
            reason += " (" + inner.Message + ")";
        }

        var span = exception.Span;
        return MailTemplateException.AtPositions(
            [(FileOf(span, fallbackFile), span.Start.Line + 1, span.Start.Column + 1, reason)], exception);
    }

    private static string FileOf(SourceSpan span, string fallbackFile) =>
        string.IsNullOrEmpty(span.FileName) || span.FileName == "<input>" ? fallbackFile : span.FileName;
}

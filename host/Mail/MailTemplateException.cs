using System.Globalization;

namespace ConnectorHost.Mail;

/// <summary>
/// A mail template is missing, does not parse or fails while rendering. The message starts with
/// <c>file(line,column): error: reason</c> (1-based) and says what to do.
/// </summary>
public class MailTemplateException : MailException
{
    private const string FixAdvice =
        "Fix the template file and save it; the next mail uses the corrected file, no restart needed.";

    /// <summary>Creates the exception.</summary>
    public MailTemplateException()
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What went wrong and what to do.</param>
    public MailTemplateException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What went wrong and what to do.</param>
    /// <param name="innerException">The cause.</param>
    public MailTemplateException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    private MailTemplateException(string message, string? templateFile, int? line, int? column, Exception? innerException)
        : base(message, innerException)
    {
        TemplateFile = templateFile;
        Line = line;
        Column = column;
    }

    /// <summary>The full path of the template file at fault (for a missing template: the first file looked for).</summary>
    public string? TemplateFile { get; }

    /// <summary>The 1-based line of the (first) error, when known.</summary>
    public int? Line { get; }

    /// <summary>The 1-based column of the (first) error, when known.</summary>
    public int? Column { get; }

    /// <summary>Errors at known positions of template files.</summary>
    /// <param name="errors">The errors, first one first: file, 1-based line and column, reason.</param>
    /// <param name="innerException">The cause, if any.</param>
    /// <returns>The exception.</returns>
    internal static MailTemplateException AtPositions(
        IReadOnlyList<(string File, int Line, int Column, string Reason)> errors, Exception? innerException)
    {
        var lines = errors.Select(e => string.Create(
            CultureInfo.InvariantCulture, $"{e.File}({e.Line},{e.Column}): error: {e.Reason}"));
        var message = string.Join(Environment.NewLine, lines) + Environment.NewLine + FixAdvice;
        var first = errors[0];
        return new MailTemplateException(message, first.File, first.Line, first.Column, innerException);
    }

    /// <summary>A template file that cannot be read.</summary>
    internal static MailTemplateException Unreadable(string file, Exception innerException) =>
        new(
            $"{file}: error: the template file cannot be read: {innerException.Message}. Check that it exists and that the host may read it.",
            file,
            null,
            null,
            innerException);

    /// <summary>A template whose required files are missing.</summary>
    internal static MailTemplateException Missing(string templateName, string folder, IReadOnlyList<string> missingFiles) =>
        new(
            $"Mail template '{templateName}' not found: looked for {string.Join(" and ", missingFiles)} " +
            $"(and the optional {templateName}.html.scriban). Create the missing file(s) in {folder}, " +
            "or check host.mail TemplatesFolder in connectorhost.yaml.",
            missingFiles[0],
            null,
            null,
            null);
}

using Serilog.Core;
using Serilog.Events;
using Serilog.Parsing;

namespace ConnectorHost.Logging;

/// <summary>
/// Wraps the real sinks and masks every secret in a log event before they see it: in the message template's
/// text, in property values and in the exception. Property values (which carry text from outside: file names,
/// dossiers, relations) also get their control characters escaped (<see cref="ControlCharacters"/>), so no value
/// can forge a log line or drive the terminal.
/// </summary>
internal sealed class SecretMaskingSink(ILogEventSink inner, SecretMasker masker) : ILogEventSink, IDisposable
{
    private static readonly MessageTemplateParser Parser = new();

    public void Emit(LogEvent logEvent)
    {
        ArgumentNullException.ThrowIfNull(logEvent);
        var template = logEvent.MessageTemplate.Text;
        var maskedTemplate = masker.Apply(template);
        var properties = logEvent.Properties.Select(p => new LogEventProperty(p.Key, Mask(p.Value)));
        var exception = logEvent.Exception is null ? null : MaskedException.From(logEvent.Exception, masker);
        inner.Emit(new LogEvent(
            logEvent.Timestamp,
            logEvent.Level,
            exception,
            ReferenceEquals(maskedTemplate, template) || maskedTemplate == template ? logEvent.MessageTemplate : Parser.Parse(maskedTemplate),
            properties));
    }

    public void Dispose() => (inner as IDisposable)?.Dispose();

    private LogEventPropertyValue Mask(LogEventPropertyValue value) => value switch
    {
        ScalarValue { Value: string s } => new ScalarValue(ControlCharacters.Escape(masker.Apply(s))),
        ScalarValue { Value: not null } scalar when scalar.Value is not ValueType => new ScalarValue(ControlCharacters.Escape(masker.Apply(scalar.Value.ToString() ?? string.Empty))),
        SequenceValue sequence => new SequenceValue(sequence.Elements.Select(Mask)),
        StructureValue structure => new StructureValue(structure.Properties.Select(p => new LogEventProperty(p.Name, Mask(p.Value))), structure.TypeTag),
        DictionaryValue dictionary => new DictionaryValue(dictionary.Elements.Select(e => new KeyValuePair<ScalarValue, LogEventPropertyValue>(e.Key, Mask(e.Value)))),
        _ => value,
    };
}

/// <summary>An exception's type, message and stack trace with the secrets masked, for the log.</summary>
internal sealed class MaskedException : Exception
{
    private readonly string _text;

    private MaskedException(string message, string text)
        : base(message) => _text = text;

    public MaskedException()
        : this(string.Empty, string.Empty)
    {
    }

    public MaskedException(string message)
        : this(message, message)
    {
    }

    public MaskedException(string message, Exception innerException)
        : base(message, innerException) => _text = message;

    public static MaskedException From(Exception exception, SecretMasker masker) =>
        new(masker.Apply(exception.Message), masker.Apply(exception.ToString()));

    public override string ToString() => _text;
}

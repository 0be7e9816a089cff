using System.Collections.Concurrent;
using ConnectorHost.Abstractions.Mail;
using ConnectorHost.Mail;
using Microsoft.Extensions.Logging;
using MimeKit;

namespace ConnectorHost.Testing;

/// <summary>
/// An <see cref="IMailer"/> that renders each mail with the host's own Scriban renderer and mail builder (so a
/// template that does not parse, a missing variable or a bad recipient fails as it would in the host) and keeps it
/// in <see cref="Sent"/> instead of delivering it.
/// </summary>
public sealed class RecordingMailer : IMailer
{
    private readonly ConcurrentQueue<SentMail> _sent = new();
    private readonly Mailer _mailer;

    /// <summary>Creates the mailer.</summary>
    /// <param name="templatesFolder">
    /// The folder with <c>name.subject.scriban</c>, <c>name.text.scriban</c> and optionally <c>name.html.scriban</c>:
    /// the templates your plugin asks the admin to put into the host's <c>config/templates</c>.
    /// </param>
    /// <param name="defaultTo">The recipients when a component gives none (the host's <c>host.mail.defaultTo</c>).</param>
    /// <param name="loggerFactory">Receives the mailer's own log lines; none when null.</param>
    /// <param name="clock">The clock for the Date header.</param>
    public RecordingMailer(string templatesFolder, IReadOnlyList<string>? defaultTo = null, ILoggerFactory? loggerFactory = null, TimeProvider? clock = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(templatesFolder);
        TemplatesFolder = Path.GetFullPath(templatesFolder);
        var settings = new MailSettings { DefaultTo = [.. defaultTo ?? ["office@example.test"]] };
        var renderer = new ScribanMailRenderer(new MailTemplateStore(TemplatesFolder));
        var logger = (loggerFactory ?? Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance).CreateLogger<Mailer>();
        _mailer = new Mailer(settings, renderer, new Recorder(_sent), logger, clock);
    }

    /// <summary>The folder the templates are read from.</summary>
    public string TemplatesFolder { get; }

    /// <summary>The mails rendered so far, in the order they were sent.</summary>
    public IReadOnlyList<SentMail> Sent => [.. _sent];

    /// <inheritdoc />
    public Task SendAsync(string templateName, object model, IReadOnlyList<string>? to, CancellationToken cancellationToken) =>
        _mailer.SendAsync(templateName, model, to, cancellationToken);

    private sealed class Recorder(ConcurrentQueue<SentMail> sent) : IMailDelivery
    {
        public string Description => "the test's recording mailer";

        public Task<string> DeliverAsync(MimeMessage message, CancellationToken cancellationToken)
        {
            var template = message.Headers["X-ConnectorHost-Template"] ?? string.Empty;
            sent.Enqueue(new SentMail(
                template,
                [.. message.To.Mailboxes.Select(m => m.Address)],
                message.Subject ?? string.Empty,
                message.TextBody ?? string.Empty,
                message.HtmlBody));
            return Task.FromResult("recorded");
        }
    }
}

using ConnectorHost.Abstractions.Mail;
using Microsoft.Extensions.Logging;
using MimeKit;
using MimeKit.Utils;

namespace ConnectorHost.Mail;

/// <summary>
/// The host's <see cref="IMailer"/>: renders a template with <see cref="ScribanMailRenderer"/>, builds a MIME mail
/// (multipart/alternative when the template has HTML) and hands it to an <see cref="IMailDelivery"/>. Logs one line
/// per mail: template, recipients and where it went.
/// </summary>
public sealed partial class Mailer : IMailer
{
    private readonly MailSettings _settings;
    private readonly ScribanMailRenderer _renderer;
    private readonly IMailDelivery _delivery;
    private readonly ILogger<Mailer> _logger;
    private readonly TimeProvider _timeProvider;
    private readonly MailboxAddress _from;

    /// <summary>Creates the mailer from its parts.</summary>
    /// <param name="settings">The <c>host.mail:</c> settings (<see cref="MailSettings.From"/>, <see cref="MailSettings.DefaultTo"/>).</param>
    /// <param name="renderer">Renders the templates.</param>
    /// <param name="delivery">Delivers the mails.</param>
    /// <param name="logger">Receives one line per mail.</param>
    /// <param name="timeProvider">The clock for the Date header; the system clock when null.</param>
    public Mailer(
        MailSettings settings,
        ScribanMailRenderer renderer,
        IMailDelivery delivery,
        ILogger<Mailer> logger,
        TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(renderer);
        ArgumentNullException.ThrowIfNull(delivery);
        ArgumentNullException.ThrowIfNull(logger);
        if (!MailAddresses.TryParse(settings.From, out _from))
        {
            throw new ArgumentException(
                $"host.mail From '{settings.From}' is not an e-mail address; write it as name@domain.", nameof(settings));
        }

        this._settings = settings;
        this._renderer = renderer;
        this._delivery = delivery;
        this._logger = logger;
        this._timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Where mails go, for log lines.</summary>
    public string DeliveryDescription => _delivery.Description;

    /// <summary>
    /// Creates the mailer the settings describe: templates from <see cref="MailSettings.TemplatesFolder"/> (relative to
    /// <paramref name="configFolder"/>) and delivery to the pickup folder (relative to <paramref name="dataFolder"/>)
    /// or the SMTP server.
    /// </summary>
    /// <param name="settings">The validated <c>host.mail:</c> settings.</param>
    /// <param name="configFolder">The folder holding <c>connectorhost.yaml</c>.</param>
    /// <param name="dataFolder">The host's data folder.</param>
    /// <param name="loggerFactory">Creates the mailer's logger.</param>
    /// <param name="timeProvider">The clock; the system clock when null.</param>
    /// <returns>The mailer.</returns>
    public static Mailer Create(
        MailSettings settings,
        string configFolder,
        string dataFolder,
        ILoggerFactory loggerFactory,
        TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        var renderer = new ScribanMailRenderer(new MailTemplateStore(settings.ResolveTemplatesFolder(configFolder)));
        IMailDelivery delivery = settings.Delivery == MailDelivery.Smtp
            ? new SmtpDelivery(settings.Smtp)
            : new PickupFolderDelivery(settings.ResolvePickupFolder(dataFolder), timeProvider);
        return new Mailer(settings, renderer, delivery, loggerFactory.CreateLogger<Mailer>(), timeProvider);
    }

    /// <inheritdoc />
    public async Task SendAsync(string templateName, object model, IReadOnlyList<string>? to, CancellationToken cancellationToken)
    {
        MimeMessage message;
        try
        {
            message = BuildMessage(templateName, model, to, cancellationToken);
        }
        catch (MailException e)
        {
            LogFailed(_logger, templateName, to is null ? string.Empty : string.Join(", ", to), _delivery.Description, e.Message);
            throw;
        }

        var recipients = string.Join(", ", message.To.Mailboxes.Select(m => m.Address));
        using (message)
        {
            string receipt;
            try
            {
                receipt = await _delivery.DeliverAsync(message, cancellationToken).ConfigureAwait(false);
            }
            catch (MailException e)
            {
                LogFailed(_logger, templateName, recipients, _delivery.Description, e.Message);
                throw;
            }

            LogSent(_logger, templateName, recipients, receipt);
        }
    }

    /// <summary>Renders a template into a MIME mail without delivering it (for <see cref="SendAsync"/> and previews).</summary>
    /// <param name="templateName">The template's name.</param>
    /// <param name="model">The model the template renders.</param>
    /// <param name="to">The recipients; when empty, <see cref="MailSettings.DefaultTo"/>.</param>
    /// <param name="cancellationToken">Stops a long render.</param>
    /// <returns>The mail; the caller disposes it.</returns>
    /// <exception cref="MailTemplateException">The template is missing, does not parse or fails while rendering.</exception>
    /// <exception cref="MailException">There are no recipients, or one is not an e-mail address.</exception>
    public MimeMessage BuildMessage(string templateName, object model, IReadOnlyList<string>? to, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(model);
        var recipients = Recipients(templateName, to);
        var rendered = _renderer.Render(templateName, model, cancellationToken);
        var message = new MimeMessage();
        message.From.Add(_from);
        message.To.AddRange(recipients);
        message.Subject = rendered.Subject;
        message.Date = _timeProvider.GetUtcNow();
        message.MessageId = MimeUtils.GenerateMessageId(string.IsNullOrEmpty(_from.Domain) ? "localhost" : _from.Domain);
        message.Headers.Add("X-ConnectorHost-Template", templateName);
        var body = new BodyBuilder { TextBody = rendered.Text, HtmlBody = rendered.Html };
        message.Body = body.ToMessageBody();
        return message;
    }

    private List<MailboxAddress> Recipients(string templateName, IReadOnlyList<string>? to)
    {
        var given = to is { Count: > 0 } ? to : _settings.DefaultTo;
        if (given is null || given.Count == 0)
        {
            throw new MailException(
                $"Mail '{templateName}' has no recipients: the sender named none and host.mail DefaultTo is empty. " +
                "Add the office's address(es) to DefaultTo in connectorhost.yaml.");
        }

        var result = new List<MailboxAddress>(given.Count);
        foreach (var text in given)
        {
            if (!MailAddresses.TryParse(text, out var mailbox))
            {
                throw new MailException(
                    $"Recipient '{text}' of mail '{templateName}' is not an e-mail address; write it as name@domain.");
            }

            if (!result.Exists(m => string.Equals(m.Address, mailbox.Address, StringComparison.OrdinalIgnoreCase)))
            {
                result.Add(mailbox);
            }
        }

        return result;
    }

    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "Mail {Template} to {Recipients} delivered: {Receipt}")]
    private static partial void LogSent(ILogger logger, string template, string recipients, string receipt);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Warning, Message = "Mail {Template} to {Recipients} NOT delivered via {Delivery}: {Reason}")]
    private static partial void LogFailed(ILogger logger, string template, string recipients, string delivery, string reason);
}

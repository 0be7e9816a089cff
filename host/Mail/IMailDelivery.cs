using MimeKit;

namespace ConnectorHost.Mail;

/// <summary>Delivers a built mail: to a pickup folder or an SMTP server.</summary>
public interface IMailDelivery
{
    /// <summary>Where this delivery sends mails, for log lines (never a password).</summary>
    string Description { get; }

    /// <summary>Delivers the mail.</summary>
    /// <param name="message">The mail.</param>
    /// <param name="cancellationToken">Stops the delivery.</param>
    /// <returns>Where the mail went (the .eml file, the server's reply), for the log line.</returns>
    /// <exception cref="MailDeliveryException">The mail could not be delivered.</exception>
    Task<string> DeliverAsync(MimeMessage message, CancellationToken cancellationToken);
}

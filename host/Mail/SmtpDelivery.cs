using System.Globalization;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace ConnectorHost.Mail;

/// <summary>
/// Sends each mail to an SMTP server with MailKit: connect, log in when a user name is set, send, disconnect.
/// A failure throws a <see cref="MailDeliveryException"/> naming the server, the step and the reason, never the password.
/// </summary>
public sealed class SmtpDelivery : IMailDelivery
{
    private readonly SmtpMailSettings _settings;
    private readonly string _host;

    /// <summary>Creates the delivery.</summary>
    /// <param name="settings">The SMTP server; <see cref="SmtpMailSettings.Host"/> is required.</param>
    public SmtpDelivery(SmtpMailSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (string.IsNullOrWhiteSpace(settings.Host))
        {
            throw new ArgumentException("The SMTP host is empty: set host.mail Smtp.Host.", nameof(settings));
        }

        this._settings = settings;
        _host = settings.Host;
    }

    /// <inheritdoc />
    public string Description => string.Create(
        CultureInfo.InvariantCulture, $"SMTP server {_host}:{_settings.Port} ({_settings.Security})");

    /// <inheritdoc />
    public async Task<string> DeliverAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var step = "connecting";
        using var client = new SmtpClient { Timeout = checked(_settings.TimeoutSeconds * 1000) };
        try
        {
            await client.ConnectAsync(_host, _settings.Port, ToMailKit(_settings.Security), cancellationToken)
                .ConfigureAwait(false);
            if (!string.IsNullOrEmpty(_settings.UserName))
            {
                step = $"logging in as '{_settings.UserName}'";
                await client.AuthenticateAsync(_settings.UserName, _settings.Password ?? string.Empty, cancellationToken)
                    .ConfigureAwait(false);
            }

            step = "sending";
            var reply = await client.SendAsync(message, cancellationToken).ConfigureAwait(false);
            step = "disconnecting";
            await client.DisconnectAsync(quit: true, cancellationToken).ConfigureAwait(false);
            return $"{Description}: {reply}";
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            throw new MailDeliveryException(
                $"Could not deliver the mail via the SMTP server {_host}:{_settings.Port} (security {_settings.Security}) " +
                $"while {step}: {Reason(e)} Check host.mail Smtp (host, port, security, user name and password) and that the server is reachable.",
                e);
        }
    }

    private string Reason(Exception exception)
    {
        var reason = exception switch
        {
            SmtpCommandException command => string.Create(
                CultureInfo.InvariantCulture, $"the server replied {(int)command.StatusCode}: {command.Message}"),
            OperationCanceledException or TimeoutException =>
                string.Create(CultureInfo.InvariantCulture, $"no answer within {_settings.TimeoutSeconds} seconds."),
            _ => exception.Message,
        };
        if (!string.IsNullOrEmpty(_settings.Password))
        {
            reason = reason.Replace(_settings.Password, "***", StringComparison.Ordinal);
        }

        return reason.EndsWith('.') ? reason : reason + ".";
    }

    private static SecureSocketOptions ToMailKit(SmtpSecurity security) => security switch
    {
        SmtpSecurity.None => SecureSocketOptions.None,
        SmtpSecurity.StartTls => SecureSocketOptions.StartTls,
        SmtpSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
        _ => SecureSocketOptions.Auto,
    };
}

using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using ConnectorHost.Abstractions.Settings;

namespace ConnectorHost.Mail;

/// <summary>The <c>smtp:</c> block inside <c>host.mail:</c>; used when the delivery is <see cref="MailDelivery.Smtp"/>.</summary>
public sealed class SmtpMailSettings
{
    /// <summary>The SMTP server's host name or IP address.</summary>
    [Description("The SMTP server's host name or IP address. Required when delivery is Smtp.")]
    [Example("smtp.office365.com")]
    public string? Host { get; set; }

    /// <summary>The SMTP server's port.</summary>
    [Description("The SMTP server's port: 25 (relay), 587 (StartTls) or 465 (SslOnConnect).")]
    [Range(1, 65535)]
    public int Port { get; set; } = 25;

    /// <summary>The user name to log in with; empty for a server that needs no login.</summary>
    [Description("The user name to log in with; leave empty when the server needs no login.")]
    public string? UserName { get; set; }

    /// <summary>The password to log in with.</summary>
    [Description("The password to log in with. Reference it as ${ENV_VAR} or ${file:/path} rather than writing it in the YAML.")]
    [Secret]
    public string? Password { get; set; }

    /// <summary>How the connection is secured.</summary>
    [Description("How the connection is secured: None, StartTls, SslOnConnect or Auto (TLS on port 465, otherwise STARTTLS when offered).")]
    public SmtpSecurity Security { get; set; } = SmtpSecurity.Auto;

    /// <summary>How long one network operation may take, in seconds.</summary>
    [Description("How long one network operation with the SMTP server may take, in seconds.")]
    [Range(1, 600)]
    public int TimeoutSeconds { get; set; } = 30;
}
